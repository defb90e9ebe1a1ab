//! `validate`, `lint` and `diff`: the commands that answer whether data is right, with a report.
//! Each returns a [`Verdict`]; an error means the question could not be answered.

use super::Verdict;
use crate::check::diff as compare;
use crate::check::lint::{self as linter, bundled_sources, sources_at, LintOptions};
use crate::check::shacl::{self, Shapes};
use crate::error::Result;
use crate::output::export::write_quads;
use crate::output::sink::{self, Destination};
use crate::rdf::syntax::RdfSyntax;
use crate::store::{disk, read_dataset, LoadOptions};
use std::io::Write;
use std::path::PathBuf;

/// How `validate` writes its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValidationFormat {
    Text,
    Turtle,
}

crate::keywords!(ValidationFormat, "report format", [
    Text "text": "one block per result",
    Turtle "turtle" ["ttl"]: "a standard sh:ValidationReport in Turtle",
]);

#[derive(Debug, Clone)]
pub struct ValidateRequest {
    pub data: LoadOptions,
    /// Validate the on-disk store in this directory instead of files (see `SessionOptions`).
    pub location: Option<PathBuf>,
    /// None: the bundled shapes.
    pub shapes: Option<PathBuf>,
    pub format: ValidationFormat,
}

pub fn validate(request: &ValidateRequest, out: &mut dyn Write) -> Result<Verdict> {
    let shapes = Shapes::load(request.shapes.as_deref())?;
    let data = match &request.location {
        // The statements as stated, without the merged copies: what the files held (literals in
        // the store's normal form, as every command on a store sees them).
        Some(location) => {
            super::store::refuse_load_options(&request.data)?;
            disk::open(location)?.stated_quads()?.into_iter().collect()
        }
        None => read_dataset(&request.data)?,
    };
    let report = shacl::validate(&data, &shapes)?;
    match request.format {
        ValidationFormat::Text => report.write_text(out)?,
        ValidationFormat::Turtle => write_quads(report.to_quads(), RdfSyntax::Turtle, out)?,
    }
    Ok(if report.conforms() {
        Verdict::Pass
    } else {
        Verdict::Fail(format!(
            "the data does not conform to the shapes: {} result(s)",
            report.results.len()
        ))
    })
}

#[derive(Debug, Clone)]
pub struct LintRequest {
    /// Files or directories; empty: the bundled ontology and data.
    pub paths: Vec<PathBuf>,
    /// When linting the user's files, read the bundled ontology and data too, for their
    /// declarations and passages (facts filed under a bundled passage are not reported).
    pub bundled_vocabulary: bool,
    /// Folders searched first for the source texts that passages quote.
    pub text_dirs: Vec<PathBuf>,
}

pub fn lint(request: &LintRequest, out: &mut dyn Write) -> Result<Verdict> {
    let (sources, context) = if request.paths.is_empty() {
        (bundled_sources(&["ontology", "data"]), Vec::new())
    } else if request.bundled_vocabulary {
        (
            sources_at(&request.paths)?,
            bundled_sources(&["ontology", "data"]),
        )
    } else {
        (sources_at(&request.paths)?, Vec::new())
    };
    let options = LintOptions {
        text_dirs: request.text_dirs.clone(),
    };
    let report = linter::lint_with(&sources, &context, &options)?;
    report.write_text(out)?;
    Ok(if report.has_errors() {
        Verdict::Fail(format!("lint found {} error(s)", report.errors().count()))
    } else {
        Verdict::Pass
    })
}

#[derive(Debug, Clone)]
pub struct DiffRequest {
    pub old: PathBuf,
    pub new: PathBuf,
    /// Also write a SPARQL Update that turns OLD into NEW here.
    pub patch: Option<Destination>,
}

/// The listing goes to `out`; the patch, when asked for, to its own destination.
pub fn diff(request: &DiffRequest, out: &mut dyn Write) -> Result<Verdict> {
    let found = compare::diff(compare::read(&request.old)?, compare::read(&request.new)?);
    if let Some(patch) = &request.patch {
        sink::write_to(patch, |patch_out| compare::write_patch(&found, patch_out))?;
    }
    compare::write_listing(&found, out)?;
    Ok(if found.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Fail(format!(
            "the versions differ: {} quad(s) removed, {} added",
            found.removed.len(),
            found.added.len()
        ))
    })
}
