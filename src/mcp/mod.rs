//! `hkkg mcp`: the knowledge graph served to AI assistants over the Model Context Protocol, on
//! standard input and output, with the official Rust SDK (`rmcp`).
//!
//! Tools (read-only, each with a JSON schema for its arguments and one for its answer):
//!
//! * `list_queries` — the named queries and graph views with their typed parameters;
//! * `run_query` — a named query (by name only: an assistant cannot make the server read files),
//!   its parameters bound by the one policy of [`crate::query::params`], with the advice `hkkg
//!   query` prints ([`crate::query::advice`]);
//! * `show_query` — a named query's standalone SPARQL text (`hkkg queries --show`);
//! * `sparql` — a read-only SPARQL query (updates are refused when parsed), with advice;
//! * `search_entities` — entities by name, part of a name or identifier, ranked by the session's
//!   name index as `hkkg search` ranks them ([`crate::query::search`]);
//! * `cite` — every fact about an entity with the passage that states it;
//! * `find_paths` — the shortest paths between two entities in a view, hop by hop.
//!
//! # Every answer carries its sources
//!
//! Each fact of the graph sits in the named graph of the passage that states it, so the sources of
//! an answer are looked up, not guessed:
//!
//! * `cite` groups an entity's facts by passage, with the passage's exact words and lines;
//! * a query row carries `evidence`: for every two values of the row where the first can be a
//!   subject, the stated facts that link the first to the second, each with the passages (or
//!   other graphs, such as the reference names) that state it. That is what can honestly be said
//!   of a row without re-running the query: the row's values are connected by exactly those
//!   statements of the source. Values the query computes (counts, `GROUP_CONCAT` lists, sentences
//!   it builds with `CONCAT`) are stated nowhere as such and have no evidence; their entities can
//!   be cited. Re-running a query's WHERE clause inside `GRAPH ?g` would not do instead: a
//!   pattern joining facts of two passages matches in no single graph;
//! * the triples of a CONSTRUCT or DESCRIBE carry the passages that state each of them;
//! * a search match carries the passages whose words name the entity, a path's hops the passages
//!   stating each relation.
//!
//! Passages are quoted once per answer, under `sources`, keyed by their prefixed name
//! (`hkp:p038`), and the facts refer to those keys.
//!
//! # Limits
//!
//! An assistant is never flooded and the server never hangs: rows, facts, matches and paths are
//! capped (each tool's arguments say the default and the maximum, and a cut answer says so in
//! `complete` and `notes`), long literals and quotes are cut with their full length given, and
//! every SPARQL evaluation runs under the session's time limit ([`DEFAULT_TIMEOUT`] unless
//! `--timeout` says otherwise). An evaluation that cannot notice its cancellation is logged to
//! standard error, never allowed to end the process; its call is answered with an error.
//!
//! Errors are answered as tool errors (`isError`) with the library's messages — an unknown query
//! name with its closest names, a bad argument or parameter with its name, an entity that matches
//! nothing with the argument that named it and the closest names, a syntax error with its line and
//! column — so the assistant can correct itself. An unknown tool, and a message that is JSON but
//! not JSON-RPC, are protocol errors; a line that is not JSON at all is ignored, as the official
//! SDKs do (an answer to noise can start an error storm between two peers echoing each other).
//!
//! Each call may name its language (`lang`); the server keeps a session per language over one
//! store, as `hkkg serve` does.

pub mod answer;
pub mod server;
pub mod tools;

use crate::commands::{Session, COMMAND_STACK_BYTES};
use crate::error::{Error, Result};
use crate::query::sparql::Limits;
use rmcp::ServiceExt;
use server::Server;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

/// The time limit of each SPARQL evaluation when `--timeout` gives none (as `hkkg serve`'s): an
/// assistant's runaway query must not hold the server.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The limits a server evaluates under: `timeout`, or [`DEFAULT_TIMEOUT`]; an evaluation still
/// running after its cancellation is reported on standard error (where an MCP client logs a
/// server's messages) instead of ending the process, as the command line does.
pub fn server_limits(timeout: Option<Duration>) -> Limits {
    Limits {
        timeout: Some(timeout.unwrap_or(DEFAULT_TIMEOUT)),
        on_overrun: Some(Arc::new(|| {
            let _ = writeln!(
                std::io::stderr(),
                "hkkg mcp: an evaluation is still running after its time limit; it goes on in the background and its call was answered with an error"
            );
        })),
    }
}

/// Serves `session` over standard input and output until the client closes the connection.
pub fn serve_stdio(session: Session) -> Result<()> {
    let failed = |what: &str, error: &dyn std::fmt::Display| Error::Mcp(format!("{what}: {error}"));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        // Tool calls run on the blocking threads, which need the stack a command needs.
        .thread_stack_size(COMMAND_STACK_BYTES)
        .build()
        .map_err(|e| failed("starting the server", &e))?;
    let outcome = runtime.block_on(async {
        let running = Server::new(session)
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| failed("the client's initialisation failed", &e))?;
        running
            .waiting()
            .await
            .map_err(|e| failed("the server stopped", &e))?;
        Ok(())
    });
    // A read of standard input still pending cannot be cancelled: do not wait for it, nor for an
    // evaluation that outlived its time limit.
    runtime.shutdown_background();
    outcome
}
