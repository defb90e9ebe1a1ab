//! `serve`.

use super::global::GlobalArgs;
use super::warn;
use anyhow::{bail, Context, Result};
use clap::Args;
use hkkg::commands::Verdict;
use hkkg::serve::{self, ServeLimits, ServeOptions, UPDATE_TOKEN_VARIABLE};
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Args)]
pub struct ServeArgs {
    /// Where to listen, HOST:PORT; port 0 picks a free port (printed at startup). Loopback unless
    /// you choose otherwise.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:7878")]
    bind: String,
    /// Refuse answers of more rows (or triples) than this (HTTP 422).
    #[arg(long, value_name = "N", default_value_t = ServeLimits::default().max_rows)]
    max_rows: usize,
    /// Refuse request bodies larger than this many bytes (HTTP 413).
    #[arg(long, value_name = "BYTES", default_value_t = ServeLimits::default().max_body)]
    max_body: usize,
    /// Evaluate at most this many requests at once (default: the number of cores).
    #[arg(long, value_name = "N")]
    max_concurrent: Option<usize>,
    /// Let at most this many requests wait for an evaluation; more are answered 503 with
    /// Retry-After.
    #[arg(long, value_name = "N", default_value_t = ServeLimits::default().max_queued)]
    max_queued: usize,
    /// Allow cross-origin requests from this origin (https://example.org, or * for any).
    #[arg(long, value_name = "ORIGIN")]
    cors: Option<String>,
    /// Accept SPARQL Update and graph writes from clients that send the bearer token read from
    /// the environment variable HKKG_UPDATE_TOKEN (never give it on the command line).
    #[arg(long)]
    allow_update: bool,
    /// Also read named queries from this directory of .rq files; repeatable.
    #[arg(long = "queries", value_name = "DIR")]
    query_dirs: Vec<PathBuf>,
    /// Also read graph views from this directory of .rq files; repeatable.
    #[arg(long = "views", value_name = "DIR")]
    view_dirs: Vec<PathBuf>,
}

/// The time limit when --timeout is not given: a server always has one.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

impl ServeArgs {
    pub fn run(self, global: &GlobalArgs) -> Result<Verdict> {
        let bind = resolve(&self.bind)?;
        let update_token = if self.allow_update {
            let token = std::env::var(UPDATE_TOKEN_VARIABLE).with_context(|| {
                format!("--allow-update needs the update token in the environment variable {UPDATE_TOKEN_VARIABLE}")
            })?;
            serve::check_token(&token)?;
            Some(token)
        } else {
            None
        };
        let defaults = ServeLimits::default();
        let limits = ServeLimits {
            timeout: global.timeout.unwrap_or(DEFAULT_TIMEOUT),
            max_rows: self.max_rows,
            max_body: self.max_body,
            max_concurrent: self.max_concurrent.unwrap_or(defaults.max_concurrent),
            max_queued: self.max_queued,
        };
        if limits.max_concurrent == 0 {
            bail!("--max-concurrent must be at least 1");
        }
        let session = if self.allow_update {
            global.writable_session(&self.query_dirs, &self.view_dirs)?
        } else {
            global.session(&self.query_dirs, &self.view_dirs)?
        };
        let running = serve::start(
            session,
            ServeOptions {
                bind,
                limits: limits.clone(),
                cors: self.cors,
                update_token,
            },
        )?;
        if !running.address.ip().is_loopback() {
            warn(&format!(
                "warning: listening on {}, which other machines can reach",
                running.address
            ));
        }
        warn(&format!(
            "hkkg serve: listening on http://{} ({}, time limit {} s, at most {} rows, {} queries at once); Ctrl-C stops it",
            running.address,
            if self.allow_update { "updates allowed with the token" } else { "read-only" },
            limits.timeout.as_secs_f64(),
            limits.max_rows,
            limits.max_concurrent,
        ));
        running.join()?;
        Ok(Verdict::Pass)
    }
}

fn resolve(bind: &str) -> Result<SocketAddr> {
    bind.to_socket_addrs()
        .with_context(|| format!("--bind {bind}: not HOST:PORT"))?
        .next()
        .with_context(|| format!("--bind {bind}: the host name resolves to no address"))
}
