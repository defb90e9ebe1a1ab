//! The options every command takes: what to load (files, or a store with `--location`; into which
//! graph, merged or not), the language of labels, reasoning, the time limit of SPARQL evaluation, the base IRI of queries; and
//! the parser that lets clap read the library's named choices.

use super::warn;
use anyhow::{Context, Result};
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::Args;
use hkkg::check::reason::Reasoning;
use hkkg::commands::{Session, SessionOptions};
use hkkg::keyword::Keyword;
use hkkg::query::remote::EndpointOptions;
use hkkg::query::sparql::Limits;
use hkkg::rdf::syntax::RdfSyntax;
use hkkg::store::source::{graph_name, Input};
use hkkg::{Lang, LoadOptions};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// A clap parser for a library enum that lists its choices (see `hkkg::keyword`).
pub fn keyword<T: Keyword + Send + Sync + Clone>() -> impl TypedValueParser<Value = T> {
    let values = T::choices().into_owned().into_iter().map(|choice| {
        PossibleValue::new(choice.name)
            .help(choice.help)
            .aliases(choice.aliases)
    });
    PossibleValuesParser::new(values).try_map(|name| T::parse_name(&name))
}

#[derive(Args)]
pub struct GlobalArgs {
    /// Use the on-disk store in this directory (made by `hkkg load --location DIR`) instead of
    /// loading the files again; it is opened read-only, as it is, while another process may be
    /// loading into it.
    #[arg(long, value_name = "DIR", global = true)]
    pub location: Option<PathBuf>,
    /// Also load these RDF files or directories (.ttl .trig .nt .nq .rdf .jsonld, each also .gz),
    /// or - for standard input; repeatable.
    #[arg(long = "data", value_name = "PATH", global = true)]
    pub data: Vec<PathBuf>,
    /// Load an RDF file or directory (or - for standard input) into the named graph IRI (<IRI>, an
    /// absolute IRI or a prefixed name such as hkg:notes); repeatable. Its triples go into that
    /// graph only; a file that names graphs of its own (TriG, N-Quads) is refused: use --data.
    #[arg(long, num_args = 2, value_names = ["IRI", "PATH"], value_parser = clap::value_parser!(OsString), global = true)]
    pub data_graph: Vec<OsString>,
    /// The syntax of --data - (standard input) and of files whose name does not tell.
    #[arg(long, value_name = "SYNTAX", value_parser = keyword::<RdfSyntax>(), global = true)]
    pub data_format: Option<RdfSyntax>,
    /// Do not load the bundled ontology and data.
    #[arg(long, global = true)]
    pub no_bundled: bool,
    /// Standard SPARQL dataset semantics: the default graph holds only what the files put in it,
    /// not the merge of every named graph (the named queries expect the merge).
    #[arg(long, global = true)]
    pub no_merge: bool,
    /// Accept literals that do not fit their datatype ("2023-02-30"^^xsd:date), saying how many,
    /// instead of refusing the data.
    #[arg(long, global = true)]
    pub lenient: bool,
    /// Also load the curated inferences (graph hkg:curated-inferences: conclusions drawn from
    /// several passages, each with its reasoning), which are left out by default.
    #[arg(long, global = true)]
    pub with_inferences: bool,
    /// Language for labels in tables and citations.
    #[arg(long, value_parser = keyword::<LangChoice>(), default_value = "en", global = true)]
    pub lang: LangChoice,
    /// Add what the ontology entails (rdfs: subClassOf, subPropertyOf, domain, range) in the
    /// named graph hkg:inferred, kept apart from the asserted triples.
    #[arg(long, value_name = "REGIME", value_parser = keyword::<Reasoning>(), global = true)]
    pub reason: Option<Reasoning>,
    /// Stop any SPARQL evaluation that runs longer than this many seconds.
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds, global = true)]
    pub timeout: Option<Duration>,
    /// Resolve relative IRIs in queries against this IRI (a query file's own location otherwise).
    #[arg(long, value_name = "IRI", global = true)]
    pub base: Option<String>,
    /// Answer from the graph this SPARQL 1.1 endpoint holds instead of loading one here (query,
    /// graph, analyze, path, neighbours, cite, stats, export, serve); `push` uploads to it.
    /// Credentials come from HKKG_ENDPOINT_USER and HKKG_ENDPOINT_PASSWORD (basic) or
    /// HKKG_ENDPOINT_TOKEN (bearer), never from the command line.
    #[arg(long, value_name = "URL", global = true)]
    pub endpoint: Option<String>,
    /// The endpoint's SPARQL Update URL, when it is not --endpoint (for push).
    #[arg(long, value_name = "URL", global = true, requires = "endpoint")]
    pub update_endpoint: Option<String>,
    /// The endpoint's Graph Store Protocol URL: push then replaces each graph with one PUT.
    #[arg(long, value_name = "URL", global = true, requires = "endpoint")]
    pub graph_store: Option<String>,
}

/// `--lang`: the library's `Lang`, chosen by name.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct LangChoice(pub Lang);

hkkg::keywords!(LangChoice, "language", [
    EN "en": "English",
    ZH "zh" ["zh-Hant", "zh-hant"]: "Traditional Chinese (zh-Hant)",
]);

impl LangChoice {
    const EN: Self = Self(Lang::En);
    const ZH: Self = Self(Lang::Zh);
}

fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("'{text}' is not a number of seconds"))?;
    if !(seconds > 0.0 && seconds.is_finite()) {
        return Err("the timeout must be a positive number of seconds".to_owned());
    }
    Ok(Duration::from_secs_f64(seconds))
}

impl GlobalArgs {
    pub fn load_options(&self) -> Result<LoadOptions> {
        let mut inputs: Vec<Input> = self
            .data
            .iter()
            .map(|path| Input::new(path, None))
            .collect();
        // clap hands over the IRI PATH pairs of every --data-graph in one list.
        for pair in self.data_graph.chunks_exact(2) {
            let iri = pair[0].to_str().with_context(|| {
                format!("--data-graph: the graph name {:?} is not UTF-8", pair[0])
            })?;
            inputs.push(Input::new(Path::new(&pair[1]), Some(graph_name(iri)?)));
        }
        Ok(LoadOptions {
            bundled: !self.no_bundled,
            inputs,
            syntax: self.data_format,
            merge: !self.no_merge,
            merge_stored: false,
            lenient: self.lenient,
            inferences: self.with_inferences,
        })
    }

    pub fn lang(&self) -> Lang {
        self.lang.0
    }

    /// The endpoint --endpoint names, with the time limit of each call.
    pub fn endpoint_options(&self) -> Option<EndpointOptions> {
        Some(EndpointOptions {
            query: self.endpoint.clone()?,
            update: self.update_endpoint.clone(),
            graph_store: self.graph_store.clone(),
            timeout: self.timeout,
        })
    }

    /// The time limit of SPARQL evaluation.
    pub fn limits(&self) -> Limits {
        Limits {
            timeout: self.timeout,
            // An evaluation that cannot notice its cancellation is stopped with the process.
            on_overrun: Some(Arc::new(|| {
                warn(&format!("error: {:#}", hkkg::Error::Cancelled));
                std::process::exit(2);
            })),
        }
    }

    /// Refuses `--location` for a command that reads files, not a store.
    pub fn refuse_location(&self, command: &str, why: &str) -> Result<()> {
        if self.location.is_some() {
            anyhow::bail!("hkkg {command} does not take --location: {why}");
        }
        Ok(())
    }

    /// Loads the data and the catalogues (with the user's query and view directories), or, with
    /// --endpoint, reads the data from there, or with --location opens the store on disk.
    pub fn session(&self, query_dirs: &[PathBuf], view_dirs: &[PathBuf]) -> Result<Session> {
        self.open(query_dirs, view_dirs, self.endpoint_options(), false)
    }

    /// [`Self::session`] for a server that takes updates: a graph loaded into memory stores its
    /// merged default graph, which each update keeps in step.
    pub fn writable_session(
        &self,
        query_dirs: &[PathBuf],
        view_dirs: &[PathBuf],
    ) -> Result<Session> {
        self.open(query_dirs, view_dirs, self.endpoint_options(), true)
    }

    /// Loads the data here, whatever --endpoint says (`push` sends it there).
    pub fn local_session(&self) -> Result<Session> {
        self.open(&[], &[], None, false)
    }

    fn open(
        &self,
        query_dirs: &[PathBuf],
        view_dirs: &[PathBuf],
        endpoint: Option<EndpointOptions>,
        merge_stored: bool,
    ) -> Result<Session> {
        let session = Session::open(&SessionOptions {
            load: LoadOptions {
                merge_stored,
                ..self.load_options()?
            },
            location: self.location.clone(),
            reasoning: self.reason,
            lang: self.lang(),
            limits: self.limits(),
            base_iri: self.base.clone(),
            query_dirs: query_dirs.to_vec(),
            view_dirs: view_dirs.to_vec(),
            endpoint,
        })?;
        if session.loaded.ill_typed > 0 {
            warn(&format!(
                "accepted {} ill-typed literal(s) (--lenient); `hkkg validate` lists them",
                session.loaded.ill_typed
            ));
        }
        Ok(session)
    }
}
