//! `query`, `queries` and `search`.

use super::global::{keyword, GlobalArgs};
use super::{to, warn};
use anyhow::Result;
use clap::Args;
use hkkg::commands::{
    self, ListFormat, QueryRequest, SearchFormat, SearchRequest, ShowRequest, Verdict,
};
use hkkg::output::results::ResultFormat;
use hkkg::output::sink::{self, Destination};
use hkkg::query::advice::Advice;
use hkkg::query::catalog::{Catalog, Kind};
use hkkg::query::params::Assignment;
use hkkg::query::source::QuerySource;
use std::path::PathBuf;

#[derive(Args)]
pub struct QueryArgs {
    /// A named query (see `hkkg queries`), a path to a .rq/.sparql file, or - for standard input.
    #[arg(required_unless_present = "expression", conflicts_with = "expression")]
    query: Option<String>,
    /// The query text itself.
    #[arg(long, short = 'e', value_name = "SPARQL")]
    expression: Option<String>,
    /// Bind a parameter: name=value; repeatable. A query that declares parameters accepts only
    /// those; any other query binds its own variables.
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE", value_parser = parse_assignment)]
    params: Vec<Assignment>,
    /// Output format (default: table for SELECT/ASK, turtle for CONSTRUCT/DESCRIBE).
    #[arg(long, short, value_parser = keyword::<ResultFormat>())]
    format: Option<ResultFormat>,
    /// In tables, show prefixed names instead of labels.
    #[arg(long)]
    iris: bool,
    /// Show at most this many rows in a table (0: all); other formats write every row.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    max_rows: usize,
    /// Also read named queries from this directory of .rq files; repeatable.
    #[arg(long = "queries", value_name = "DIR")]
    query_dirs: Vec<PathBuf>,
    /// Write to this file (- for standard output); the file is replaced only on success.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Only check the query: parse it (with hkkg's prefixes and the base IRI) without loading
    /// any data or running it, and say what kind of query it is. A syntax error exits 2.
    #[arg(long, conflicts_with_all = ["params", "format"])]
    check: bool,
    /// Refuse to run the query when it gets warnings (unknown classes, properties, entities or
    /// prefixes, comparisons that never hold); exit 2 with them.
    #[arg(long)]
    strict: bool,
}

pub fn parse_assignment(text: &str) -> Result<Assignment, String> {
    text.parse().map_err(|e: hkkg::Error| e.to_string())
}

impl QueryArgs {
    pub fn run(self, global: &GlobalArgs) -> Result<Verdict> {
        let source = match self.expression {
            Some(text) => QuerySource::Inline(text),
            None => QuerySource::from_argument(self.query.as_deref().unwrap_or("-")),
        };
        if self.check {
            let catalog = Catalog::load(Kind::Query, &self.query_dirs)?;
            return to(self.output.as_deref(), |out| {
                commands::check_query(&catalog, &source, global.base.as_deref(), out)
            });
        }
        let session = global.session(&self.query_dirs, &[])?;
        let request = QueryRequest {
            source,
            params: self.params,
            format: self.format.into(),
            labels: !self.iris,
            max_rows: (self.max_rows > 0).then_some(self.max_rows),
            row_limit: None,
            dataset: None,
            strict: self.strict,
        };
        let outcome = sink::write_to(&Destination::from_option(self.output.as_deref()), |out| {
            commands::query(&session, &request, out)
        })?;
        report(&outcome.advice);
        Ok(Verdict::Pass)
    }
}

/// Advice on standard error, one line each, after the answer.
fn report(advice: &[Advice]) {
    for item in advice {
        warn(&item.to_string());
    }
}

#[derive(Args)]
pub struct QueriesArgs {
    /// Also read named queries from this directory of .rq files; repeatable.
    #[arg(long = "queries", value_name = "DIR")]
    query_dirs: Vec<PathBuf>,
    /// Print this query (a name, or a .rq file) as it runs, standalone for another SPARQL engine:
    /// PREFIX lines for the prefixes it uses, the parameters as a VALUES block, ?lang bound.
    #[arg(long, value_name = "NAME")]
    show: Option<String>,
    /// With --show: bind a parameter, name=value; repeatable.
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE", value_parser = parse_assignment, requires = "show")]
    params: Vec<Assignment>,
    /// text for reading, json (with each query's text) for programs.
    #[arg(long, value_parser = keyword::<ListFormat>(), default_value = "text", conflicts_with = "show")]
    format: ListFormat,
}

impl QueriesArgs {
    pub fn run(self, global: &GlobalArgs) -> Result<Verdict> {
        let Some(name) = self.show else {
            let catalog = Catalog::load(Kind::Query, &self.query_dirs)?;
            return to(None, |out| {
                commands::list_queries(&catalog, self.format, out)
            });
        };
        let session = global.session(&self.query_dirs, &[])?;
        let request = ShowRequest {
            source: QuerySource::from_argument(&name),
            params: self.params,
        };
        let notes = sink::write_to(&Destination::Stdout, |out| {
            commands::show_query(&session, &request, out)
        })?;
        report(&notes);
        Ok(Verdict::Pass)
    }
}

#[derive(Args)]
pub struct SearchArgs {
    /// What to look for: part of a label, an alternative label or an identifier, in English or
    /// Chinese (typing mistakes are forgiven).
    text: String,
    /// Only entities of this class or its subclasses (hk:Country, Country, 國家).
    #[arg(long = "type", value_name = "CLASS")]
    class: Option<String>,
    /// Show at most this many entities.
    #[arg(long, value_name = "N", default_value_t = 10)]
    limit: usize,
    #[arg(long, short, value_parser = keyword::<SearchFormat>(), default_value = "table")]
    format: SearchFormat,
}

impl SearchArgs {
    pub fn run(self, global: &GlobalArgs) -> Result<Verdict> {
        let session = global.session(&[], &[])?;
        let request = SearchRequest {
            text: self.text,
            class: self.class,
            limit: self.limit,
            format: self.format,
        };
        to(None, |out| commands::search(&session, &request, out))
    }
}
