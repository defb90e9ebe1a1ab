//! Progress on standard error for steps that can take more than a second (loading, reasoning,
//! building a view, measuring it, exporting, validating), for a person watching a terminal.
//!
//! Nothing is drawn unless a front end turned progress on ([`enable`]: the command line does when
//! standard error is a terminal; a server or a pipe never sees a bar), and a step that ends within
//! [`DELAY`] draws nothing at all, so quick commands stay quiet. A bar has a total when the step
//! knows it (then position and rate), a spinner with the elapsed time otherwise. The bar is cleared
//! when the step ends, leaving the terminal as it was.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// Steps shorter than this draw nothing.
pub const DELAY: Duration = Duration::from_secs(1);
/// How often a shown bar is redrawn.
const TICK: Duration = Duration::from_millis(120);

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Turns progress display on or off for the whole process (the command line: on when standard
/// error is a terminal).
pub fn enable(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

pub fn is_enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// A step under way. Dropping it ends the step (and clears its bar).
pub struct Progress {
    bar: ProgressBar,
    done: Option<Sender<()>>,
    watcher: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts a step called `what` ("loading data"); with `total`, a bar of that many units.
    pub fn start(what: &str, total: Option<u64>) -> Self {
        let bar = match total {
            Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden()),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()),
        };
        if !is_enabled() {
            return Self {
                bar,
                done: None,
                watcher: None,
            };
        }
        let template = if total.is_some() {
            "{spinner} {msg} [{bar:30}] {human_pos}/{human_len} ({per_sec}, {eta} left)"
        } else {
            "{spinner} {msg}… {elapsed}"
        };
        bar.set_style(
            ProgressStyle::with_template(template)
                .expect("a valid template")
                .progress_chars("=> "),
        );
        bar.set_message(what.to_owned());
        let (done, finished) = mpsc::channel::<()>();
        let shown = bar.clone();
        // Reveals the bar once the step has taken longer than DELAY, and stops when it ends.
        let watcher = thread::spawn(move || {
            if finished.recv_timeout(DELAY) != Err(RecvTimeoutError::Timeout) {
                return;
            }
            shown.set_draw_target(ProgressDrawTarget::stderr());
            shown.enable_steady_tick(TICK);
            let _ = finished.recv();
            shown.finish_and_clear();
        });
        Self {
            bar,
            done: Some(done),
            watcher: Some(watcher),
        }
    }

    /// Moves the bar to `position` units.
    pub fn set(&self, position: u64) {
        self.bar.set_position(position);
    }

    /// Moves the bar on by `units`.
    pub fn advance(&self, units: u64) {
        self.bar.inc(units);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(done) = self.done.take() {
            let _ = done.send(());
        }
        if let Some(watcher) = self.watcher.take() {
            let _ = watcher.join();
        }
    }
}

/// Runs `step`, showing a spinner called `what` if it takes longer than [`DELAY`].
pub fn task<T>(what: &str, step: impl FnOnce() -> T) -> T {
    let _progress = Progress::start(what, None);
    step()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_disabled_or_quick_step_draws_nothing_and_ends_at_once() {
        let started = std::time::Instant::now();
        assert_eq!(task("quick", || 42), 42);
        let progress = Progress::start("counted", Some(10));
        progress.advance(3);
        progress.set(10);
        drop(progress);
        assert!(started.elapsed() < DELAY);
    }
}
