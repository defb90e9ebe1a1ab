//! The workers that evaluate: a fixed number of threads with large stacks behind a bounded queue.
//! A job that finds the queue full is refused at once (the caller answers 503), and a job that
//! waited in the queue longer than its caller is willing to wait is dropped unrun.

use crate::commands::COMMAND_STACK_BYTES;
use crate::error::{Error, Result};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Instant;

/// The stack of a worker: the one every command runs with ([`COMMAND_STACK_BYTES`]). Stack pages
/// are reserved, not committed, so idle workers cost address space only.
pub const WORKER_STACK: usize = COMMAND_STACK_BYTES;

type Job = Box<dyn FnOnce() + Send>;

struct Queued {
    job: Job,
    /// Run it only if it starts before this.
    start_by: Instant,
}

/// Threads that run jobs, at most `workers` at once, `queue` more waiting.
pub struct Pool {
    sender: SyncSender<Queued>,
}

/// Why a job was not accepted.
#[derive(Debug)]
pub struct Full;

impl Pool {
    pub fn new(workers: usize, queue: usize) -> Result<Self> {
        let (sender, receiver) = mpsc::sync_channel::<Queued>(queue);
        let receiver = Arc::new(Mutex::new(receiver));
        for number in 0..workers.max(1) {
            let receiver = Arc::clone(&receiver);
            thread::Builder::new()
                .name(format!("hkkg-worker-{number}"))
                .stack_size(WORKER_STACK)
                .spawn(move || work(&receiver))
                .map_err(|source| Error::Listen {
                    address: "worker threads".to_owned(),
                    error: source,
                })?;
        }
        Ok(Self { sender })
    }

    /// Queues `job`, to be run if a worker takes it before `start_by`.
    pub fn submit(
        &self,
        start_by: Instant,
        job: impl FnOnce() + Send + 'static,
    ) -> Result<(), Full> {
        let queued = Queued {
            job: Box::new(job),
            start_by,
        };
        match self.sender.try_send(queued) {
            Ok(()) => Ok(()),
            // Workers end only with the process, so a disconnected queue is a full one.
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => Err(Full),
        }
    }
}

fn work(receiver: &Mutex<Receiver<Queued>>) {
    loop {
        // The lock is held only while waiting for the next job, never while running one.
        let next = match receiver.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(queued) = next else { return };
        if Instant::now() <= queued.start_by {
            // A panic is a bug; it must cost one answer (the caller sees its reply channel closed
            // and answers 500), not a worker.
            let job = std::panic::AssertUnwindSafe(queued.job);
            if std::panic::catch_unwind(move || {
                let job = job;
                (job.0)()
            })
            .is_err()
            {
                super::log::warn("internal error: a request handler panicked (the message above); please report it");
            }
        }
        // A job not run drops its reply channel: its caller answers that the server was busy.
    }
}
