//! `load` and `update`: the commands that change an on-disk store (`--location DIR`).

use super::global::GlobalArgs;
use anyhow::{Context, Result};
use clap::Args;
use hkkg::commands::{
    self, LoadProgress, LoadRequest, UpdateRequest, UpdateTarget, UsingGraphs, Verdict,
};
use hkkg::query::source::QuerySource;
use hkkg::store::source::Input;
use indicatif::{HumanCount, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::fmt;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Args)]
pub struct LoadArgs {
    /// RDF files or directories to add (.ttl .trig .nt .nq .rdf .jsonld, each also .gz), or - for
    /// standard input (with --data-format). With none, a new store gets the bundled data only.
    files: Vec<PathBuf>,
}

impl LoadArgs {
    pub fn run(self, global: &GlobalArgs) -> Result<Verdict> {
        let location = required_location(global, "load")?;
        refuse_reasoning(global)?;
        let mut data = global.load_options()?;
        data.inputs
            .extend(self.files.iter().map(|path| Input::new(path, None)));
        let request = LoadRequest {
            location: location.to_owned(),
            data,
        };
        let bar = progress_bar();
        let summary = commands::load(&request, &mut |progress| {
            match progress {
            LoadProgress::Reading(statements) => bar.set_position(statements),
            LoadProgress::Finishing => bar.set_style(style(
                "{spinner} {human_pos} statements read; compacting and publishing the store ({elapsed})",
            )),
        }
        });
        bar.finish_and_clear();
        println!("{}", summary?);
        Ok(Verdict::Pass)
    }
}

/// A spinner with the statements read and their rate, on standard error when it is a terminal;
/// hidden (and free) otherwise, so that logs and pipes stay quiet.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        style("{spinner} {human_pos} statements read ({rate}) in {elapsed}").with_key(
            "rate",
            |state: &ProgressState, out: &mut dyn fmt::Write| {
                let _ = write!(out, "{}/s", HumanCount(state.per_sec() as u64));
            },
        ),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).expect("a valid template")
}

#[derive(Args)]
pub struct UpdateArgs {
    /// A file of SPARQL Update (a `hkkg diff --patch` file, for instance), or - for standard input.
    #[arg(required_unless_present = "expression", conflicts_with = "expression")]
    update: Option<PathBuf>,
    /// The update text itself.
    #[arg(long, short = 'e', value_name = "UPDATE")]
    expression: Option<String>,
    /// Only check the update: parse it (with hkkg's prefixes and the base IRI), touching no
    /// store; exit 2 with the place of the first error.
    #[arg(long)]
    check: bool,
}

impl UpdateArgs {
    pub fn run(self, global: &GlobalArgs) -> Result<Verdict> {
        let source = match (self.expression, self.update) {
            (Some(text), _) => QuerySource::Inline(text),
            (None, Some(path)) if path == Path::new("-") => QuerySource::Stdin,
            (None, Some(path)) => QuerySource::File(path),
            (None, None) => QuerySource::Stdin,
        };
        if self.check {
            println!(
                "{}",
                commands::check_update(&source, global.base.as_deref())?
            );
            return Ok(Verdict::Pass);
        }
        let location = required_location(global, "update")?;
        let request = UpdateRequest {
            source,
            base_iri: global.base.clone(),
            using: UsingGraphs::default(),
            limits: global.limits(),
        };
        commands::refuse_load_options(&global.load_options()?)?;
        refuse_reasoning(global)?;
        let report = commands::update(UpdateTarget::Store(location), &request)?;
        println!("{report}");
        Ok(Verdict::Pass)
    }
}

/// Entailments are added to a graph loaded for one command, never written into a store.
fn refuse_reasoning(global: &GlobalArgs) -> Result<()> {
    if global.reason.is_some() {
        anyhow::bail!("--reason adds entailments to a graph loaded for one command; a store keeps what was loaded or updated");
    }
    Ok(())
}

fn required_location<'a>(global: &'a GlobalArgs, command: &str) -> Result<&'a Path> {
    global.location.as_deref().with_context(|| {
        format!("hkkg {command} works on an on-disk store: give its directory with --location DIR")
    })
}
