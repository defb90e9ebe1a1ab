//! `export`, `cite` and `stats`.

use super::global::{keyword, GlobalArgs};
use super::to;
use anyhow::Result;
use clap::Args;
use hkkg::commands::{self, Verdict};
use hkkg::output::cite::CiteFormat;
use hkkg::rdf::syntax::RdfSyntax;
use std::path::PathBuf;

#[derive(Args)]
pub struct ExportArgs {
    #[arg(long, short, value_parser = keyword::<RdfSyntax>(), default_value = "turtle")]
    format: RdfSyntax,
    /// Write to this file (- for standard output); the file is replaced only on success.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

impl ExportArgs {
    pub fn run(self, global: &GlobalArgs) -> Result<Verdict> {
        let session = global.session(&[], &[])?;
        to(self.output.as_deref(), |out| {
            commands::export(&session, self.format, out)
        })
    }
}

#[derive(Args)]
pub struct CiteArgs {
    /// The entity: an IRI, a prefixed name (hkr:qatar) or a label in either language.
    entity: String,
    #[arg(long, short, value_parser = keyword::<CiteFormat>(), default_value = "text")]
    format: CiteFormat,
}

impl CiteArgs {
    pub fn run(self, global: &GlobalArgs) -> Result<Verdict> {
        let session = global.session(&[], &[])?;
        to(None, |out| {
            commands::cite(&session, &self.entity, self.format, out)
        })
    }
}

pub fn stats(global: &GlobalArgs) -> Result<Verdict> {
    let session = global.session(&[], &[])?;
    to(None, |out| commands::stats(&session, out))
}
