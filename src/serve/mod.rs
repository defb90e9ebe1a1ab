//! `hkkg serve`: the knowledge graph over HTTP — the SPARQL 1.1 Protocol at `/sparql`, the Graph
//! Store Protocol (reading) at `/store`, the named queries at `/queries`, the graph views at
//! `/views`, provenance at `/cite`, a linked-data page for every entity at `/resource`, and a page
//! for analysts at `/`. Every answer comes from a function of [`crate::commands`]: this module only
//! routes, negotiates formats, enforces limits and lays out pages.
//!
//! How a request runs:
//!
//! 1. oxhttp (oxigraph's own threaded HTTP/1.1 server) gives each connection a thread. That thread
//!    reads the request — the body bounded by [`ServeLimits::max_body`] — and [`routes`] decides
//!    what it asks for. Static files and refusals are answered there at once.
//! 2. Anything that reads the graph is handed to the [`pool`]: [`ServeLimits::max_concurrent`]
//!    worker threads with a stack as large as the command line's (SPARQL parsing and evaluation
//!    recurse; see `query::algebra`), behind a queue of [`ServeLimits::max_queued`] places. A
//!    request that finds the queue full is answered 503 with `Retry-After` at once.
//! 3. The worker writes the whole answer into memory before anything is sent, so the status tells
//!    the truth: a query stopped by its time limit, or one whose answer has more rows than
//!    [`ServeLimits::max_rows`], is an error status with a message, never a 200 cut short.
//!
//! Time limits: each evaluation is cancelled [`ServeLimits::timeout`] after it starts (oxigraph's
//! cancellation token, see `query::sparql`). An evaluation busy on data it has already read notices
//! only when it next reads the store. The command line exits the process then; a server must not,
//! so here the connection thread stops waiting — the client gets its 503 at most
//! [`CANCELLATION_GRACE`] after the time limit whatever the evaluation does — and the
//! `on_overrun` hook logs a line. The worker stays busy until the evaluation ends, so runaway
//! evaluations take at most `max_concurrent` workers and the queue answers 503 beyond them: the
//! server stays up and its memory bounded.
//!
//! Security: read-only unless started with `--allow-update`, and then writes need the bearer token
//! read from [`UPDATE_TOKEN_VARIABLE`] (never a command-line argument, which other users can see
//! in the process list). Loopback by default; cross-origin requests only from the origin given.

mod catalog;
mod http;
mod linked;
mod log;
mod negotiate;
mod page;
mod pool;
mod routes;
mod sparql;
mod status;
mod update;

pub use update::{check_token, UPDATE_TOKEN_VARIABLE};

use crate::commands::Session;
use crate::error::{Error, Result};
use crate::query::sparql::{Limits, CANCELLATION_GRACE};
use crate::store::Lang;
use oxhttp::Server;
use pool::Pool;
use std::net::{SocketAddr, TcpListener};
use std::ops::Deref;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

/// What the server allows each request.
#[derive(Debug, Clone)]
pub struct ServeLimits {
    /// Cancel an evaluation after this long.
    pub timeout: Duration,
    /// Refuse answers with more rows (or triples) than this.
    pub max_rows: usize,
    /// Refuse request bodies larger than this many bytes.
    pub max_body: usize,
    /// Evaluations at once.
    pub max_concurrent: usize,
    /// Requests waiting for an evaluation slot; more are answered 503.
    pub max_queued: usize,
}

impl Default for ServeLimits {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            max_rows: 100_000,
            max_body: 1024 * 1024,
            max_concurrent: std::thread::available_parallelism().map_or(2, |n| n.get()),
            max_queued: 64,
        }
    }
}

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Where to listen; port 0 picks a free port (see [`Running::address`]).
    pub bind: SocketAddr,
    pub limits: ServeLimits,
    /// Answer cross-origin requests from this origin (`https://example.org`, or `*`).
    pub cors: Option<String>,
    /// Accept SPARQL Update and graph writes from clients presenting this bearer token.
    pub update_token: Option<String>,
}

/// What every request handler shares.
pub(crate) struct State {
    /// One session per label language, sharing one store; replaced as a whole after an update
    /// (see [`update`]), while requests already running keep the pair they started with.
    sessions: RwLock<Arc<[Session; 2]>>,
    /// Held by the one write running at a time.
    writing: Mutex<()>,
    options: ServeOptions,
}

impl State {
    /// The session answering in `lang`, as the graph is now.
    fn session(&self, lang: Lang) -> Current {
        let sessions = Arc::clone(&self.sessions.read().unwrap_or_else(PoisonError::into_inner));
        Current { sessions, lang }
    }
}

/// A session of the pair current when a request started.
pub(crate) struct Current {
    sessions: Arc<[Session; 2]>,
    lang: Lang,
}

impl Deref for Current {
    type Target = Session;

    fn deref(&self) -> &Session {
        match self.lang {
            Lang::En => &self.sessions[0],
            Lang::Zh => &self.sessions[1],
        }
    }
}

/// A server that is listening.
pub struct Running {
    /// The address it listens on (the port chosen, when 0 was asked for).
    pub address: SocketAddr,
    server: oxhttp::ListeningServer,
}

impl Running {
    /// Serves until the process ends.
    pub fn join(self) -> Result<()> {
        self.server.join().map_err(|source| Error::Listen {
            address: self.address.to_string(),
            error: source,
        })
    }
}

/// How long an idle or slow connection may take to send a request or read an answer.
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(60);
/// Connections served at once (each a thread); more wait to be accepted.
const MAX_CONNECTIONS: usize = 512;

/// Starts serving `session` (its limits are replaced by the server's own).
pub fn start(mut session: Session, options: ServeOptions) -> Result<Running> {
    session.limits = Limits {
        timeout: Some(options.limits.timeout),
        on_overrun: Some(Arc::new(|| {
            log::warn(&format!(
                "an evaluation is still running {} s after its time limit; its worker stays busy until it ends",
                CANCELLATION_GRACE.as_secs()
            ));
        })),
    };
    let zh = session.with_lang(Lang::Zh);
    let en = session.with_lang(Lang::En);
    let state = Arc::new(State {
        sessions: RwLock::new(Arc::new([en, zh])),
        writing: Mutex::new(()),
        options: options.clone(),
    });
    let pool = Arc::new(Pool::new(
        options.limits.max_concurrent,
        options.limits.max_queued,
    )?);
    let address = free_address(options.bind)?;
    let handler = {
        let state = Arc::clone(&state);
        move |request: &mut oxhttp::model::Request<oxhttp::model::Body>| {
            routes::respond(&state, &pool, request)
        }
    };
    let server = Server::new(handler)
        .bind(address)
        .with_global_timeout(CONNECTION_TIMEOUT)
        .with_max_concurrent_connections(MAX_CONNECTIONS)
        .with_server_name(concat!("hkkg/", env!("CARGO_PKG_VERSION")))
        .expect("the server name is a valid header value")
        .spawn()
        .map_err(|source| Error::Listen {
            address: address.to_string(),
            error: source,
        })?;
    Ok(Running { address, server })
}

/// `address` itself, or with port 0 a free port on its host. oxhttp binds the address it is given
/// and does not say which port the system chose, so the port is found here first; another program
/// taking it in between makes the bind fail with a clear error rather than serve elsewhere.
fn free_address(address: SocketAddr) -> Result<SocketAddr> {
    if address.port() != 0 {
        return Ok(address);
    }
    let listen_error = |source| Error::Listen {
        address: address.to_string(),
        error: source,
    };
    let probe = TcpListener::bind(address).map_err(listen_error)?;
    probe.local_addr().map_err(listen_error)
}
