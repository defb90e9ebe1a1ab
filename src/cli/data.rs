//! `export`, `cite` and `stats`.

use super::global::{keyword, GlobalArgs};
use super::to;
use anyhow::Result;
use clap::Args;
use hkkg::commands::{self, Verdict};
use hkkg::keyword::Keyword;
use hkkg::output::cite::CiteFormat;
use hkkg::output::export::DefaultGraph;
use hkkg::rdf::syntax::RdfSyntax;
use std::path::PathBuf;

#[derive(Args)]
pub struct ExportArgs {
    #[arg(long, short, value_parser = keyword::<RdfSyntax>(), default_value = "turtle")]
    format: RdfSyntax,
    /// For trig, nquads and jsonld: `merged` writes every fact once in the default graph too, so
    /// that stores with default settings see the facts; `stated` leaves the default graph to what
    /// was stated outside named graphs (the facts are then only in their passage graphs).
    #[arg(long, value_parser = keyword::<DefaultGraph>(), value_name = "merged|stated")]
    default_graph: Option<DefaultGraph>,
    /// Write to this file (- for standard output); the file is replaced only on success.
    #[arg(long, short)]
    output: Option<PathBuf>,
}

impl ExportArgs {
    pub fn run(self, global: &GlobalArgs) -> Result<Verdict> {
        if self.default_graph.is_some() && !self.format.keeps_graphs() {
            anyhow::bail!(
                "--default-graph applies to the formats with named graphs (trig, nquads, jsonld); {} holds one graph, the merged one",
                self.format.name()
            );
        }
        let session = global.session(&[], &[])?;
        let default_graph = self.default_graph.unwrap_or_default();
        to(self.output.as_deref(), |out| {
            commands::export(&session, self.format, default_graph, out)
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
