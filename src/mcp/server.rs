//! The MCP server: the tools as `rmcp` declares them (names, descriptions, the JSON schemas of
//! their arguments and answers), each call run on a thread of its own with the command stack, one
//! per core at a time, and every failure answered as a tool error carrying the library's message.

use super::answer::QueryAnswer;
use super::tools::{self, Catalogue, CiteAnswer, PathsAnswer, SearchAnswer, ShownQuery};
use crate::commands::Session;
use crate::error::{DidYouMean, Error, Shown};
use crate::query::params::Assignment;
use crate::query::sparql::CANCELLATION_GRACE;
use crate::store::Lang;
use rmcp::handler::server::wrapper::{Json, Parameters};
use rmcp::model::{Implementation, ServerCapabilities, ServerConfig};
use rmcp::{tool, tool_handler, tool_router, ServerHandler};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// What the server tells an assistant when it connects.
const INSTRUCTIONS: &str = "hkkg is a knowledge graph of Hong Kong's regional cooperation, built from a Ta Kung Pao report on Part 5 (區域合作發展) of Hong Kong's first Five-Year Plan consultation document: the Chief Executive's visits to the Middle East (2023, 2025) and Central Asia (2026) and what they produced, the policy directions and points, the cooperation platforms, and what the people interviewed said. Every fact is stored in the named graph of the source passage that states it, so every answer here carries those passages: their exact words (in Chinese, as the source has them) and line numbers. Check each claim you make against the quoted words.

How to work: search_entities finds an entity by name in English or Chinese; cite lists every fact about it with the passage that states it; list_queries shows the named queries (the questions analysts ask), run_query runs one and show_query gives its SPARQL to adapt; sparql runs your own read-only SPARQL 1.1 query (the prefixes hk:, hkr:, hkp:, hkg:, schema:, rdfs:, skos:, xsd:, prov:, org:, foaf:, dct: and more are declared; GRAPH ?passage { … } finds where a fact is stated, and ?passage hk:text ?words gives the passage's words); find_paths shows how two entities connect. Answers to queries carry `advice` where a term of the query matches nothing in the graph (with the closest known terms): read it before concluding that nothing was found. Rows come with `evidence`: the stated facts that link two values of the row, with the keys of the passages in `sources`. Values a query computes (counts, lists, sentences it builds) have no passage of their own: cite the row's entities for the facts behind them. Numbers stated as bounds (逾30: more than 30; 50多: at least 50, fewer than 60) are not exact values.";

/// The language of the labels in an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum LangArg {
    /// English.
    #[serde(rename = "en")]
    En,
    /// Traditional Chinese, as the source is written.
    #[serde(rename = "zh", alias = "zh-Hant")]
    Zh,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Self {
        match lang {
            LangArg::En => Lang::En,
            LangArg::Zh => Lang::Zh,
        }
    }
}

/// Arguments of `run_query`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RunQueryArgs {
    /// The query's name, as list_queries gives it (for example visit-timeline).
    pub name: String,
    /// Values of the query's parameters by name (list_queries gives each one's type). An iri
    /// parameter takes an IRI, a prefixed name (hkr:qatar) or a label in English or Chinese
    /// (Qatar, 卡塔爾). A parameter left out takes its default, or answers for every value.
    #[serde(default)]
    pub params: BTreeMap<String, ParamValue>,
    /// Return at most this many rows (default 50, at most 500).
    #[schemars(range(min = 1, max = 500))]
    pub max_rows: Option<u32>,
    /// The language of labels (and of a query's `lang` parameter): en or zh (zh-Hant); the server's
    /// --lang when left out.
    pub lang: Option<LangArg>,
}

/// A parameter value: text, a number or a boolean.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ParamValue {
    Text(String),
    Integer(i64),
    Number(f64),
    Boolean(bool),
}

impl ParamValue {
    fn text(&self) -> String {
        match self {
            Self::Text(text) => text.clone(),
            Self::Integer(number) => number.to_string(),
            Self::Number(number) => number.to_string(),
            Self::Boolean(value) => value.to_string(),
        }
    }
}

fn assignments(params: &BTreeMap<String, ParamValue>) -> Vec<Assignment> {
    params
        .iter()
        .map(|(name, value)| Assignment {
            name: name.clone(),
            value: value.text(),
        })
        .collect()
}

/// Arguments of `show_query`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShowQueryArgs {
    /// The query's name, as list_queries gives it.
    pub name: String,
    /// Values of the query's parameters by name, bound in the text with VALUES; a parameter left
    /// out keeps its default, or stays unbound.
    #[serde(default)]
    pub params: BTreeMap<String, ParamValue>,
    /// The language of the query's `lang` parameter: en or zh (zh-Hant); the server's --lang
    /// when left out.
    pub lang: Option<LangArg>,
}

/// Arguments of `sparql`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SparqlArgs {
    /// A SPARQL 1.1 query: SELECT, ASK, CONSTRUCT or DESCRIBE. Updates are refused.
    pub query: String,
    /// Return at most this many rows or triples (default 50, at most 500).
    #[schemars(range(min = 1, max = 500))]
    pub max_rows: Option<u32>,
    /// The language of labels (and of a query's `lang` parameter): en or zh (zh-Hant); the server's
    /// --lang when left out.
    pub lang: Option<LangArg>,
}

/// Arguments of `search_entities`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchArgs {
    /// A name in English or Chinese (Qatar, 卡塔爾, John Lee), part of one (Almaty), or an
    /// identifier (qatar, an ISO code such as QA); close spellings are found too.
    pub text: String,
    /// Only entities of this class (or a subclass): a prefixed name (hk:Visit, hk:Person) or a
    /// class label (Visit, 訪問).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Return at most this many matches (default 10, at most 50).
    #[schemars(range(min = 1, max = 50))]
    pub limit: Option<u32>,
    /// The language of labels: en or zh (zh-Hant); the server's --lang when left out.
    pub lang: Option<LangArg>,
}

/// Arguments of `cite`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CiteArgs {
    /// The entity: an IRI, a prefixed name (hkr:delegation-2023) or its exact label in either
    /// language (search_entities finds it from part of a name).
    pub entity: String,
    /// Return at most this many facts (default 100, at most 1000).
    #[schemars(range(min = 1, max = 1000))]
    pub max_facts: Option<u32>,
    /// The language of labels: en or zh (zh-Hant); the server's --lang when left out.
    pub lang: Option<LangArg>,
}

/// Arguments of `find_paths`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PathsArgs {
    /// The first entity: an IRI, a prefixed name or its exact label in either language.
    pub from: String,
    /// The second entity.
    pub to: String,
    /// The graph view to search (list_queries lists the views; default entities: every link
    /// between two entities).
    pub view: Option<String>,
    /// Values of the view's parameters by name, if it has any.
    #[serde(default)]
    pub params: BTreeMap<String, ParamValue>,
    /// Return at most this many shortest paths (default 5, at most 20).
    #[schemars(range(min = 1, max = 20))]
    pub limit: Option<u32>,
    /// The language of labels: en or zh (zh-Hant); the server's --lang when left out.
    pub lang: Option<LangArg>,
}

/// What a tool call does, for its turn (see [`Server::run`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Work {
    /// It evaluates SPARQL, which may run until its time limit (and past it).
    Evaluates,
    /// It only reads the store (or asks a bounded ASK): bounded by the size of the data.
    Reads,
}

/// The hkkg MCP server: one loaded graph, shared by every call, answering in either language.
#[derive(Clone)]
pub struct Server {
    /// The session in English and in Chinese (one store): a call picks one.
    sessions: Arc<[Session; 2]>,
    /// The language of a call that names none: the session's (`--lang`).
    lang: Lang,
    calls: Arc<Semaphore>,
    calls_allowed: usize,
}

impl Server {
    pub fn new(session: Session) -> Self {
        let calls_allowed = Self::concurrent();
        let lang = session.lang;
        Self {
            sessions: Arc::new([session.with_lang(Lang::En), session.with_lang(Lang::Zh)]),
            lang,
            calls: Arc::new(Semaphore::new(calls_allowed)),
            calls_allowed,
        }
    }

    fn index(lang: Lang) -> usize {
        match lang {
            Lang::En => 0,
            Lang::Zh => 1,
        }
    }

    /// How many tool calls run at the same time (one per core); more wait their turn.
    pub fn concurrent() -> usize {
        std::thread::available_parallelism().map_or(2, |cores| cores.get())
    }

    /// Runs `work` on a blocking thread (with the command stack: see the runtime in `super`),
    /// so that the connection stays served while it runs.
    ///
    /// oxigraph notices a cancelled evaluation when it next reads the store; one busy on data it
    /// has already read (an aggregate over a cross product) goes on. Such a call is answered with
    /// an error once its time limit and the grace period have passed, and its thread keeps its
    /// turn until the evaluation ends, so that runaway evaluations never take more than
    /// [`Self::concurrent`] threads. A call that cannot get a turn within that time is answered
    /// with an error too: the server never leaves a call unanswered. Work that evaluates no
    /// SPARQL ([`Work::Reads`]) needs no turn, and is answered even then.
    async fn run<T, F>(&self, kind: Work, lang: Option<LangArg>, work: F) -> Result<Json<T>, String>
    where
        T: Send + 'static,
        F: FnOnce(&Session) -> crate::Result<T> + Send + 'static,
    {
        let chosen = Self::index(lang.map_or(self.lang, Lang::from));
        let timeout = self.sessions[chosen].limits.timeout;
        let patience = timeout.map(|limit| limit + CANCELLATION_GRACE + Duration::from_secs(1));
        let permit = match kind {
            Work::Reads => None,
            Work::Evaluates => {
                let turn = Arc::clone(&self.calls).acquire_owned();
                let permit = match patience {
                    Some(patience) => tokio::time::timeout(patience, turn).await.map_err(|_| {
                        format!(
                            "the server is busy: {} evaluations are still running past their time limit; try again later, or restart the server",
                            self.calls_allowed
                        )
                    })?,
                    None => turn.await,
                };
                Some(permit.map_err(|_| "the server is shutting down".to_owned())?)
            }
        };
        let sessions = Arc::clone(&self.sessions);
        let task = tokio::task::spawn_blocking(move || {
            let _turn = permit;
            work(&sessions[chosen])
        });
        let outcome = match patience {
            Some(patience) => tokio::time::timeout(patience, task).await.map_err(|_| {
                "the query ran past its time limit and did not stop when cancelled (it goes on in the background until it ends); narrow the query".to_owned()
            })?,
            None => task.await,
        };
        match outcome {
            Ok(Ok(answer)) => Ok(Json(answer)),
            Ok(Err(error)) => Err(told(error, timeout)),
            Err(_) => {
                Err("internal error: the tool stopped unexpectedly; please report it".to_owned())
            }
        }
    }
}

/// The library's message for `error`, where it names a command-line option (`--timeout`, `hkkg
/// queries`) said in the server's own terms: its time limit, its tools and arguments.
fn told(error: Error, timeout: Option<Duration>) -> String {
    match error {
        Error::Cancelled => format!(
            "the query ran past the server's time limit of {} s and was stopped; narrow the query (fewer patterns, a LIMIT, a more selective parameter)",
            timeout.unwrap_or_default().as_secs_f64()
        ),
        Error::UnknownQuery { name, suggestions } => format!(
            "argument 'name': no named query '{}'{}; list_queries lists them all",
            Shown(&name),
            DidYouMean(&suggestions)
        ),
        Error::UnknownView { .. } => format!("argument 'view': {error}"),
        other => other.to_string(),
    }
}

#[tool_router]
impl Server {
    #[tool(
        description = "List the named queries (the questions analysts ask of this graph: visit timeline, agreements, visa arrangements, who said what, policy tree…) with their titles, descriptions and typed parameters, and the graph views find_paths can search. Run a query with run_query; show_query gives its SPARQL text.",
        annotations(
            title = "List named queries",
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn list_queries(&self) -> Result<Json<Catalogue>, String> {
        self.run(Work::Reads, None, |session| {
            Ok(tools::list_queries(session))
        })
        .await
    }

    #[tool(
        description = "Run a named query (see list_queries) with parameter values. Returns its rows as JSON: each value with its IRI and label, or a literal with its datatype; each row's evidence (the stated facts linking two of its values, with the passages that state them); and the passages themselves (exact words, line numbers) under `sources`.",
        annotations(
            title = "Run a named query",
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn run_query(
        &self,
        Parameters(args): Parameters<RunQueryArgs>,
    ) -> Result<Json<QueryAnswer>, String> {
        let params = assignments(&args.params);
        self.run(Work::Evaluates, args.lang, move |session| {
            tools::run_query(session, &args.name, &params, args.max_rows)
        })
        .await
    }

    #[tool(
        description = "A named query's SPARQL text in its standalone form, with its PREFIX lines and the parameter values given bound by VALUES: a start for your own query with the sparql tool (or for another SPARQL engine).",
        annotations(
            title = "Show a named query's SPARQL",
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn show_query(
        &self,
        Parameters(args): Parameters<ShowQueryArgs>,
    ) -> Result<Json<ShownQuery>, String> {
        let params = assignments(&args.params);
        self.run(Work::Reads, args.lang, move |session| {
            tools::show_query(session, &args.name, &params)
        })
        .await
    }

    #[tool(
        description = "Run a read-only SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE; updates are refused) under the server's time limit. hkkg's prefixes are declared (hk: ontology, hkr: entities, hkp: passages, hkg: graphs, schema:, rdfs:, skos:, xsd:, prov:, org:, dct:…). The default graph holds every fact once; GRAPH ?passage { … } finds the passage stating a fact, and ?passage hk:text ?words, hk:lineStart ?line give its words and line. Rows and triples come with the passages that state them, as run_query's do.",
        annotations(
            title = "SPARQL query",
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn sparql(
        &self,
        Parameters(args): Parameters<SparqlArgs>,
    ) -> Result<Json<QueryAnswer>, String> {
        self.run(Work::Evaluates, args.lang, move |session| {
            tools::sparql(session, &args.query, args.max_rows)
        })
        .await
    }

    #[tool(
        description = "Find entities (visits, countries, people, organisations, agreements, policy points, places…) by name in English or Chinese, by part of a name or by identifier, best first (as `hkkg search` ranks them: exact, prefix, words, substring, then fuzzy likeness); optionally of one type. Returns each match's IRI, labels in both languages, types, what matched and how well, and the passages whose words name it.",
        annotations(
            title = "Search entities",
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn search_entities(
        &self,
        Parameters(args): Parameters<SearchArgs>,
    ) -> Result<Json<SearchAnswer>, String> {
        self.run(Work::Reads, args.lang, move |session| {
            tools::search_entities(session, &args.text, args.kind.as_deref(), args.limit)
        })
        .await
    }

    #[tool(
        description = "Every fact about an entity (as subject or object), grouped by the passage that states it: the passage's exact words and line numbers, then facts from other graphs (reference names and identifiers), then facts with no recorded source (the ontology). Use it to check a claim against the source.",
        annotations(
            title = "Cite an entity's sources",
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn cite(
        &self,
        Parameters(args): Parameters<CiteArgs>,
    ) -> Result<Json<CiteAnswer>, String> {
        self.run(Work::Reads, args.lang, move |session| {
            tools::cite(session, &args.entity, args.max_facts)
        })
        .await
    }

    #[tool(
        description = "The shortest paths between two entities in a graph view (default: every link between two entities), hop by hop: each hop's relations, their direction, and the passages that state them. Shows how, for example, a legislator's words connect to a Central Asian country.",
        annotations(
            title = "Find paths between entities",
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn find_paths(
        &self,
        Parameters(args): Parameters<PathsArgs>,
    ) -> Result<Json<PathsAnswer>, String> {
        let params = assignments(&args.params);
        self.run(Work::Evaluates, args.lang, move |session| {
            tools::find_paths(
                session,
                &args.from,
                &args.to,
                args.view.as_deref(),
                params,
                args.limit,
            )
        })
        .await
    }
}

#[tool_handler]
impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("hkkg", env!("CARGO_PKG_VERSION")))
            .with_instructions(INSTRUCTIONS.to_owned())
    }
}
