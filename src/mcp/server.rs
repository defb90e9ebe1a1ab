//! The MCP server: the tools as `rmcp` declares them (names, descriptions, the JSON schemas of
//! their arguments and answers), each call run on a thread of its own with the command stack, one
//! per core at a time, and every failure answered as a tool error carrying the library's message.

use super::answer::QueryAnswer;
use super::tools::{self, Catalogue, CiteAnswer, PathsAnswer, SearchAnswer};
use crate::commands::Session;
use crate::query::params::Assignment;
use crate::query::sparql::CANCELLATION_GRACE;
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

How to work: search_entities finds an entity by name in English or Chinese; cite lists every fact about it with the passage that states it; list_queries shows the named queries (the questions analysts ask) and run_query runs one; sparql runs your own read-only SPARQL 1.1 query (the prefixes hk:, hkr:, hkp:, hkg:, schema:, rdfs:, skos:, xsd:, prov:, org:, foaf:, dct: and more are declared; GRAPH ?passage { … } finds where a fact is stated, and ?passage hk:text ?words gives the passage's words); find_paths shows how two entities connect. Rows come with `evidence`: the stated facts that link two values of the row, with the keys of the passages in `sources`. Values a query computes (counts, lists, sentences it builds) have no passage of their own: cite the row's entities for the facts behind them. Numbers stated as bounds (逾30: more than 30; 50多: at least 50, fewer than 60) are not exact values.";

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

/// Arguments of `sparql`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SparqlArgs {
    /// A SPARQL 1.1 query: SELECT, ASK, CONSTRUCT or DESCRIBE. Updates are refused.
    pub query: String,
    /// Return at most this many rows or triples (default 50, at most 500).
    #[schemars(range(min = 1, max = 500))]
    pub max_rows: Option<u32>,
}

/// Arguments of `search_entities`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchArgs {
    /// A name in English or Chinese (Qatar, 卡塔爾, John Lee), part of one (Almaty), an IRI or a
    /// prefixed name (hkr:qatar).
    pub text: String,
    /// Only entities of this class (or a subclass): a prefixed name (hk:Visit, hk:Person) or a
    /// class label (Visit, 訪問).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Return at most this many matches (default 10, at most 50).
    #[schemars(range(min = 1, max = 50))]
    pub limit: Option<u32>,
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
}

/// What a tool call does, for its turn (see [`Server::run`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Work {
    /// It evaluates SPARQL, which may run until its time limit (and past it).
    Evaluates,
    /// It only reads the store (or asks a bounded ASK): bounded by the size of the data.
    Reads,
}

/// The hkkg MCP server: one session, shared by every call.
#[derive(Clone)]
pub struct Server {
    session: Arc<Session>,
    calls: Arc<Semaphore>,
    calls_allowed: usize,
}

impl Server {
    pub fn new(session: Session) -> Self {
        let calls_allowed = Self::concurrent();
        Self {
            session: Arc::new(session),
            calls: Arc::new(Semaphore::new(calls_allowed)),
            calls_allowed,
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
    async fn run<T, F>(&self, kind: Work, work: F) -> Result<Json<T>, String>
    where
        T: Send + 'static,
        F: FnOnce(&Session) -> crate::Result<T> + Send + 'static,
    {
        let patience = self
            .session
            .limits
            .timeout
            .map(|limit| limit + CANCELLATION_GRACE + Duration::from_secs(1));
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
        let session = Arc::clone(&self.session);
        let task = tokio::task::spawn_blocking(move || {
            let _turn = permit;
            work(&session)
        });
        let outcome = match patience {
            Some(patience) => tokio::time::timeout(patience, task).await.map_err(|_| {
                "the query ran past its time limit and did not stop when cancelled (it goes on in the background until it ends); narrow the query".to_owned()
            })?,
            None => task.await,
        };
        match outcome {
            Ok(Ok(answer)) => Ok(Json(answer)),
            Ok(Err(error)) => Err(error.to_string()),
            Err(_) => {
                Err("internal error: the tool stopped unexpectedly; please report it".to_owned())
            }
        }
    }
}

#[tool_router]
impl Server {
    #[tool(
        description = "List the named queries (the questions analysts ask of this graph: visit timeline, agreements, visa arrangements, who said what, policy tree…) with their titles, descriptions and typed parameters, and the graph views find_paths can search. Run a query with run_query.",
        annotations(
            title = "List named queries",
            read_only_hint = true,
            destructive_hint = false,
            idempotent_hint = true,
            open_world_hint = false
        )
    )]
    async fn list_queries(&self) -> Result<Json<Catalogue>, String> {
        self.run(Work::Reads, |session| Ok(tools::list_queries(session)))
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
        self.run(Work::Evaluates, move |session| {
            tools::run_query(session, &args.name, params, args.max_rows)
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
        self.run(Work::Evaluates, move |session| {
            tools::sparql(session, &args.query, args.max_rows)
        })
        .await
    }

    #[tool(
        description = "Find entities (visits, countries, people, organisations, agreements, policy points, places…) by name in English or Chinese, by part of a name, or by IRI; optionally of one type. Returns each match's IRI, labels in both languages, types, and the passages whose words name it.",
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
        self.run(Work::Reads, move |session| {
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
        self.run(Work::Reads, move |session| {
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
        self.run(Work::Evaluates, move |session| {
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
