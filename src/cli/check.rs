//! `validate`, `diff` and `lint`: the commands that answer with a verdict.

use super::global::{keyword, GlobalArgs};
use super::verdict;
use anyhow::Result;
use clap::Args;
use hkkg::commands::{self, DiffRequest, LintRequest, ValidateRequest, ValidationFormat, Verdict};
use hkkg::output::sink::Destination;
use std::path::PathBuf;

#[derive(Args)]
pub struct ValidateArgs {
    /// Use these shapes instead of the bundled ones.
    #[arg(long, value_name = "FILE")]
    shapes: Option<PathBuf>,
    #[arg(long, short, value_parser = keyword::<ValidationFormat>(), default_value = "text")]
    format: ValidationFormat,
    /// Write the report to this file (- for standard output).
    #[arg(long, short)]
    output: Option<PathBuf>,
}

impl ValidateArgs {
    pub fn run(self, global: &GlobalArgs) -> Result<Verdict> {
        let request = ValidateRequest {
            data: global.load_options()?,
            location: global.location.clone(),
            shapes: self.shapes,
            format: self.format,
        };
        verdict(self.output.as_deref(), |out| {
            commands::validate(&request, out)
        })
    }
}

#[derive(Args)]
pub struct DiffArgs {
    /// The old version: an RDF file or a directory of RDF files.
    old: PathBuf,
    /// The new version.
    new: PathBuf,
    /// Also write a SPARQL 1.1 Update (DELETE DATA / INSERT DATA) that turns OLD into NEW.
    #[arg(long, value_name = "FILE")]
    patch: Option<PathBuf>,
    /// Write the listing to this file (- for standard output).
    #[arg(long, short)]
    output: Option<PathBuf>,
}

impl DiffArgs {
    pub fn run(self, global: &GlobalArgs) -> Result<Verdict> {
        global.refuse_location(
            "diff",
            "it compares files (export the store with `hkkg export --location DIR` first)",
        )?;
        let request = DiffRequest {
            old: self.old,
            new: self.new,
            patch: self.patch.map(|p| Destination::from_option(Some(&p))),
        };
        verdict(self.output.as_deref(), |out| commands::diff(&request, out))
    }
}

#[derive(Args)]
pub struct LintArgs {
    /// Files or directories (default: the bundled ontology and data). Unless --no-bundled, the
    /// bundled ontology and data also supply declarations and passages.
    paths: Vec<PathBuf>,
    /// A folder holding source texts (repeatable). A passage's text is checked against the file
    /// its document's hk:fileName names, looked for here first, then beside the file that names
    /// it and in the source/ folder beside that file.
    #[arg(long = "sources", value_name = "DIR")]
    sources: Vec<PathBuf>,
}

impl LintArgs {
    pub fn run(self, global: &GlobalArgs) -> Result<Verdict> {
        global.refuse_location("lint", "it checks source files before they are loaded")?;
        let request = LintRequest {
            paths: self.paths,
            bundled_vocabulary: !global.no_bundled,
            text_dirs: self.sources,
        };
        verdict(None, |out| commands::lint(&request, out))
    }
}
