//! `mcp`.

use super::global::GlobalArgs;
use super::warn;
use anyhow::Result;
use clap::Args;
use hkkg::commands::Verdict;
use std::path::PathBuf;

#[derive(Args)]
pub struct McpArgs {
    /// Also offer the named queries of this directory of .rq files; repeatable.
    #[arg(long = "queries", value_name = "DIR")]
    query_dirs: Vec<PathBuf>,
    /// Also offer the graph views of this directory of .rq files; repeatable.
    #[arg(long = "views", value_name = "DIR")]
    view_dirs: Vec<PathBuf>,
}

impl McpArgs {
    pub fn run(self, global: &GlobalArgs) -> Result<Verdict> {
        let mut session = global.session(&self.query_dirs, &self.view_dirs)?;
        // A server outlives any one evaluation: it is never ended by one (see hkkg::mcp).
        session.limits = hkkg::mcp::server_limits(global.timeout);
        // Standard output is the protocol's; what a client logs of its server is standard error.
        warn(&format!(
            "hkkg mcp: serving {} named queries and {} views on standard input and output; each SPARQL evaluation stops after {} s",
            session.queries.entries.len(),
            session.views.entries.len(),
            session.limits.timeout.unwrap_or_default().as_secs_f64()
        ));
        hkkg::mcp::serve_stdio(session)?;
        Ok(Verdict::Pass)
    }
}
