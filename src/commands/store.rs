//! `load` and `update`: the commands that change a graph. `load` adds files to an on-disk store
//! (creating it with the bundled data first); `update` applies SPARQL Update to any knowledge
//! graph — a session's in-memory one (a server's) or, through [`update_store`], an on-disk store.
//! Both are all-or-nothing (see `store::disk` and `query::update`).

use crate::error::{Error, Result};
use crate::query::source::QuerySource;
use crate::query::sparql::Limits;
use crate::query::update;
use crate::store::disk::{self, IfMissing, Writer};
use crate::store::{KnowledgeGraph, LoadOptions, ReadReport};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use crate::query::update::UpdateReport;

/// Files to add to the store at `location`.
#[derive(Debug, Clone)]
pub struct LoadRequest {
    pub location: PathBuf,
    /// What to read. The bundled ontology and data (`bundled`) go in only when the store is
    /// created: a store made without them stays without them, and one made with them does not
    /// get them again (an update may have changed them since). `merge` is the store's own from
    /// its creation on.
    pub data: LoadOptions,
}

/// How a load went.
#[derive(Debug, Clone)]
pub struct LoadSummary {
    pub location: PathBuf,
    /// The store did not exist before.
    pub created: bool,
    pub read: ReadReport,
    pub elapsed: Duration,
}

impl fmt::Display for LoadSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.elapsed.as_secs_f64();
        write!(
            f,
            "{} {}: {} statement(s) from {} source(s) in {seconds:.1} s ({:.0} statements/s)",
            if self.created {
                "created the store"
            } else {
                "added to the store"
            },
            self.location.display(),
            self.read.quads,
            self.read.sources,
            self.read.quads as f64 / seconds.max(1e-6),
        )?;
        if self.read.ill_typed > 0 {
            write!(
                f,
                "; accepted {} ill-typed literal(s) (--lenient)",
                self.read.ill_typed
            )?;
        }
        Ok(())
    }
}

/// Where a load is, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadProgress {
    /// This many statements read and handed to the store so far.
    Reading(u64),
    /// Everything is read; the store is compacting and being published.
    Finishing,
}

/// Adds the files of `request` to its store, creating the store (with the bundled data unless
/// told otherwise) when there is none. Nothing is added unless everything is: until the new
/// generation is published, readers see the store as it was.
pub fn load(request: &LoadRequest, progress: &mut dyn FnMut(LoadProgress)) -> Result<LoadSummary> {
    let started = Instant::now();
    let options_for = |created: bool| LoadOptions {
        bundled: request.data.bundled && created,
        ..request.data.clone()
    };
    // The files are found before the store is touched: a misspelt name costs nothing.
    let mut options = options_for(!disk::exists(&request.location)?);
    let mut sources = options.sources()?;
    let writer = Writer::open(
        &request.location,
        "load",
        IfMissing::Create {
            merged: request.data.merge,
        },
    )?;
    if writer.created() != options.bundled && request.data.bundled {
        // Another process created the store, or it vanished, since it was looked at.
        options = options_for(writer.created());
        sources = options.sources()?;
    }
    if sources.is_empty() && !writer.created() {
        return Err(Error::NothingToLoad {
            dir: request.location.clone(),
        });
    }
    let read = writer.graph().bulk_add(&sources, &options, &mut |n| {
        progress(LoadProgress::Reading(n))
    })?;
    progress(LoadProgress::Finishing);
    let created = writer.created();
    writer.commit(true)?;
    Ok(LoadSummary {
        location: request.location.clone(),
        created,
        read,
        elapsed: started.elapsed(),
    })
}

/// A SPARQL Update and how to run it.
#[derive(Debug, Clone)]
pub struct UpdateRequest {
    /// A file, inline text or standard input (not a name: there is no catalogue of updates).
    pub source: QuerySource,
    /// The IRI relative IRIs resolve against (a file's own location otherwise).
    pub base_iri: Option<String>,
    pub limits: Limits,
}

/// Applies an update to `graph` (with hkkg's prefixes), keeping its merged default graph; all or
/// nothing.
pub fn update(graph: &KnowledgeGraph, request: &UpdateRequest) -> Result<UpdateReport> {
    let (text, base) = request.source.text(request.base_iri.as_deref())?;
    let parsed = update::parse(&text, base.as_deref())?;
    update::apply(graph, &parsed, &request.limits)
}

/// Applies an update to the on-disk store at `location`: a new generation, published only when
/// the whole update succeeded.
pub fn update_store(location: &Path, request: &UpdateRequest) -> Result<UpdateReport> {
    let (text, base) = request.source.text(request.base_iri.as_deref())?;
    // Parsed before the store is touched: a syntax error costs no copy.
    let parsed = update::parse(&text, base.as_deref())?;
    let writer = Writer::open(location, "update", IfMissing::Refuse)?;
    let report = update::apply(writer.graph(), &parsed, &request.limits)?;
    writer.commit(false)?;
    Ok(report)
}

/// Refuses loading options given alongside `--location` for a command that reads the store as
/// it is (they take effect when the store is loaded: `hkkg load`).
pub fn refuse_load_options(load: &LoadOptions) -> Result<()> {
    const HOW: &str = "the store is used as it was loaded; give it to `hkkg load --location DIR`";
    let defaults = LoadOptions::default();
    let refused = [
        (!load.inputs.is_empty(), "--data"),
        (load.syntax.is_some(), "--data-format"),
        (load.bundled != defaults.bundled, "--no-bundled"),
        (load.lenient != defaults.lenient, "--lenient"),
        (load.inferences != defaults.inferences, "--with-inferences"),
    ];
    match refused.iter().find(|(given, _)| *given) {
        Some((_, option)) => Err(Error::NotWithLocation {
            option,
            reason: HOW,
        }),
        None => Ok(()),
    }
}
