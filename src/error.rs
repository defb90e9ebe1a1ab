//! The library's error type: every failure names where it happened (file:line:column, query position,
//! parameter name) and, where it can, what to do about it.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// A position in a text, both 1-based, as editors show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: u64,
    pub column: u64,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Formats a "did you mean" tail from close matches, or nothing when there are none.
pub struct DidYouMean<'a>(pub &'a [String]);

impl fmt::Display for DidYouMean<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [] => Ok(()),
            [one] => write!(f, " (did you mean {one}?)"),
            many => write!(f, " (did you mean one of: {}?)", many.join(", ")),
        }
    }
}

/// User-supplied text as a message quotes it: control characters escaped (a NUL byte or an escape
/// sequence must not reach the terminal raw), and cut after [`Shown::LIMIT`] characters.
pub struct Shown<'a>(pub &'a str);

impl Shown<'_> {
    pub const LIMIT: usize = 200;
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut chars = self.0.chars();
        for c in chars.by_ref().take(Self::LIMIT) {
            if c.is_control() && c != '\n' {
                write!(f, "{}", c.escape_unicode())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        let rest = chars.count();
        if rest > 0 {
            write!(f, "… ({rest} more characters)")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The I/O error is part of the message, not a `source`, so that it is printed once.
    #[error("{}: {error}", path.display())]
    Io { path: PathBuf, error: io::Error },

    #[error("{}: cannot tell the RDF syntax from the file name; name it with one of the extensions {} or give --data-format", path.display(), crate::rdf::syntax::RdfSyntax::EXTENSIONS)]
    UnknownRdfFormat { path: PathBuf },

    #[error("{}{}: {}\nnothing was loaded; fix the input and run again", path.display(), position.map_or_else(String::new, |p| format!(":{p}")), Shown(message))]
    RdfSyntax {
        path: PathBuf,
        /// Missing only where the input cannot be read again to find the position (standard input).
        position: Option<Position>,
        message: String,
    },

    #[error("{}{}: {literal} is not a valid value of its datatype ({}), in the statement {statement} …\nnothing was loaded; fix the literal, or load with --lenient to accept ill-typed literals", path.display(), position.map_or_else(String::new, |p| format!(":{p}")), Shown(reason))]
    IllTypedLiteral {
        path: PathBuf,
        position: Option<Position>,
        literal: String,
        /// The subject and predicate of the statement, as written in Turtle.
        statement: String,
        reason: String,
    },

    #[error("{}: no RDF files ({}) in this directory or below it", dir.display(), crate::rdf::syntax::RdfSyntax::EXTENSIONS)]
    NoRdfFiles { dir: PathBuf },

    #[error("{}: a symbolic link loop (it leads back to {}); remove the link or name the files directly", path.display(), ancestor.display())]
    SymlinkLoop { path: PathBuf, ancestor: PathBuf },

    #[error("graph name '{input}': {message}")]
    GraphName { input: String, message: String },

    #[error("{}: states statements in its own graph {own}, which loading it into {target} would lose; load a file that names its graphs with --data (it keeps them)", path.display())]
    GraphInGraph {
        path: PathBuf,
        own: String,
        target: String,
    },

    #[error("standard input (--data -) needs its syntax: add --data-format turtle|trig|ntriples|nquads|rdfxml|jsonld")]
    StdinNeedsSyntax,

    #[error("standard input can be read only once: give --data - (or a query from -) once")]
    StdinTwice,

    #[error("unknown {what} '{}'{}; use one of: {}", Shown(input), DidYouMean(suggestions), known.join(", "))]
    UnknownChoice {
        what: &'static str,
        input: String,
        suggestions: Vec<String>,
        known: Vec<&'static str>,
    },

    #[error("{}: lint reads Turtle-family files only (.ttl, .trig, .nt, .nq)", path.display())]
    NotLintable { path: PathBuf },

    #[error("shapes: {0}")]
    Shapes(String),

    /// A shape the validator cannot read: outside SHACL Core, or not well-formed.
    #[error("shapes: shape {shape}: {problem}")]
    Shape { shape: String, problem: String },

    #[error("shapes: shape {shape} depends on itself to validate {focus}; SHACL defines no result for recursive shapes")]
    RecursiveShape { shape: String, focus: String },

    #[error(
        "shapes: validating {focus} against shape {shape} nests shapes more than {limit} deep"
    )]
    ShapeNesting {
        shape: String,
        focus: String,
        limit: usize,
    },

    #[error("the store failed: {0}")]
    Store(String),

    #[error("SPARQL syntax error at line {}, column {}: {message}\n{excerpt}", position.line, position.column)]
    QuerySyntax {
        position: Position,
        message: String,
        /// The offending query line with a caret under the error.
        excerpt: String,
    },

    #[error("SPARQL syntax error: {0}")]
    QuerySyntaxUnlocated(String),

    #[error("this is a SPARQL Update (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP…), not a query: queries are read-only, and hkkg never changes the loaded data through one")]
    UpdateNotQuery,

    #[error("MCP server: {0}")]
    Mcp(String),

    #[error("query evaluation failed: {0}")]
    QueryEvaluation(String),

    #[error("the query was not run: {} under --strict (leave out --strict to run it anyway):\n{}", if .0.len() == 1 { "1 warning".to_owned() } else { format!("{} warnings", .0.len()) }, .0.join("\n"))]
    QueryWarnings(Vec<String>),

    #[error("the query's {what} deeper than hkkg runs ({limit} levels); simplify it")]
    QueryTooDeep { what: &'static str, limit: usize },

    #[error("the query ran past its time limit and was stopped; allow more time with --timeout SECONDS, or narrow the query")]
    Cancelled,

    /// A SPARQL endpoint (`--endpoint`) could not be reached or refused a request; the message
    /// says what it answered and what to do.
    #[error("the SPARQL endpoint {}: {message}", Shown(url))]
    Endpoint { url: String, message: String },

    #[error(
        "{what} needs the data loaded here, not a remote SPARQL endpoint; leave out --endpoint"
    )]
    LocalOnly { what: &'static str },

    /// An update on a graph loaded for reading, whose merged default graph each query computes:
    /// an update could not keep it in step.
    #[error(
        "this graph was loaded for reading (its merged default graph is computed by each query, not stored), so it takes no updates; load it with LoadOptions::merge_stored, as `hkkg serve --allow-update` and `hkkg load --location` do"
    )]
    ReadOnlyGraph,

    #[error("{what} is larger than the {} MiB hkkg reads", limit >> 20)]
    InputTooLarge { what: String, limit: u64 },

    #[error(
        "no named query '{}'{}; `hkkg queries` lists them all",
        Shown(name),
        DidYouMean(suggestions)
    )]
    UnknownQuery {
        name: String,
        suggestions: Vec<String>,
    },

    #[error("{path}:{line}: bad named-query header: {message}")]
    QueryHeader {
        path: String,
        line: usize,
        message: String,
    },

    #[error("query '{query}' has no parameter '{}'{}; its parameters: {}", Shown(name), DidYouMean(suggestions), if known.is_empty() { "none".to_owned() } else { known.join(", ") })]
    UnknownParameter {
        query: String,
        name: String,
        suggestions: Vec<String>,
        known: Vec<String>,
    },

    #[error("parameter '{}': {message}", Shown(name))]
    InvalidParameter { name: String, message: String },

    #[error("--param '{0}' is not of the form name=value")]
    MalformedParameter(String),

    #[error("no entity matches '{}'{}", Shown(input), DidYouMean(suggestions))]
    UnknownEntity {
        input: String,
        suggestions: Vec<String>,
    },

    #[error("'{}' matches several entities, name one by IRI: {}", Shown(input), candidates.join(", "))]
    AmbiguousEntity {
        input: String,
        candidates: Vec<String>,
    },

    #[error(
        "unknown prefix '{}:' in '{}'{}",
        Shown(prefix),
        Shown(input),
        DidYouMean(suggestions)
    )]
    UnknownPrefix {
        prefix: String,
        input: String,
        suggestions: Vec<String>,
    },

    #[error("format '{format}' cannot write {what}; use one of: {}", expected.join(", "))]
    UnsupportedFormat {
        format: String,
        what: &'static str,
        expected: Vec<&'static str>,
    },

    #[error("no view '{}'{}; views: {}", Shown(name), DidYouMean(suggestions), known.join(", "))]
    UnknownView {
        name: String,
        suggestions: Vec<String>,
        known: Vec<String>,
    },

    #[error("view '{view}': {message}")]
    BadView { view: String, message: String },

    #[error(
        "{entity} is in the graph but not in view '{view}'{}; try another view (--view)",
        DidYouMean(suggestions)
    )]
    NotInView {
        entity: String,
        view: String,
        suggestions: Vec<String>,
    },

    #[error("the graph tool '{tool}' failed: {message}")]
    GraphTool { tool: String, message: String },

    #[error(
        "{syntax} cannot write {term}: {reason}; export as Turtle, N-Triples or JSON-LD instead"
    )]
    NotWritable {
        syntax: &'static str,
        term: String,
        reason: &'static str,
    },

    /// A source text that cannot be read as one (not UTF-8, control characters, no text).
    #[error("{}{}: {}", path.display(), position.map_or_else(String::new, |p| format!(":{p}")), Shown(message))]
    SourceText {
        path: PathBuf,
        position: Option<Position>,
        message: String,
    },

    /// An option of `hkkg source` that cannot be used as given.
    #[error("{option}: {message}")]
    SourceOption {
        option: &'static str,
        message: String,
    },

    /// An option of `hkkg generate` that cannot be used as given.
    #[error("{option}: {message}")]
    GenerateOption {
        option: &'static str,
        message: String,
    },

    /// A source that would replace or repeat one already there.
    #[error("{message}\nnothing was written")]
    SourceConflict { message: String },

    #[error("none of the formats the client accepts can write {what}; accept one of: {}", offered.join(", "))]
    NotAcceptable {
        what: &'static str,
        /// The media types that can.
        offered: Vec<&'static str>,
    },

    #[error("the answer has more than {limit} rows, the most this server returns; add LIMIT (and OFFSET to page through it), or narrow the query")]
    TooManyRows { limit: usize },

    #[error("no graph {graph} in the dataset")]
    UnknownGraph { graph: String },

    #[error("cannot serve on {address}: {error}")]
    Listen { address: String, error: io::Error },

    #[error("writing the output failed: {0}")]
    Output(io::Error),

    #[error("this hkkg was built without the on-disk store (--location, load, update); build it with --features rocksdb (`cargo install --path . --features rocksdb`)")]
    NoDiskStore,

    #[error("{}: no hkkg store here; create one with `hkkg load --location {} [FILES…]`", dir.display(), dir.display())]
    NoStore { dir: PathBuf },

    #[error("{}: {problem}", dir.display())]
    NotAStore { dir: PathBuf, problem: String },

    #[error("{}: the store was written by {} hkkg (store format {found}; this hkkg reads format {expected}); {}", dir.display(), if found > expected { "a newer" } else { "an older" }, if found > expected { "use that hkkg or a newer one, or load the data into a new store with this one" } else { "load the data again into a new store (`hkkg load --location NEW_DIR FILES…`)" })]
    StoreFormat {
        dir: PathBuf,
        found: u32,
        expected: u32,
    },

    #[error("{}: the store is being written by another process ({holder}); wait for it to finish and run again. Commands that only read the store (query, export, …) work meanwhile and see it as it was before", dir.display())]
    StoreBusy { dir: PathBuf, holder: String },

    #[error("{}: nothing to load into the existing store; name the files or directories to add", dir.display())]
    NothingToLoad { dir: PathBuf },

    #[error("{option} does not apply to a store opened with --location: {reason}")]
    NotWithLocation {
        option: &'static str,
        reason: &'static str,
    },

    #[error("the update cannot run: {0}")]
    UpdateRefused(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<oxigraph::store::StorageError> for Error {
    fn from(error: oxigraph::store::StorageError) -> Self {
        Self::Store(error.to_string())
    }
}

impl From<oxigraph::sparql::QueryEvaluationError> for Error {
    fn from(error: oxigraph::sparql::QueryEvaluationError) -> Self {
        match error {
            oxigraph::sparql::QueryEvaluationError::Cancelled => Self::Cancelled,
            other => Self::QueryEvaluation(Shown(&other.to_string()).to_string()),
        }
    }
}

impl From<csv::Error> for Error {
    fn from(error: csv::Error) -> Self {
        match error.into_kind() {
            csv::ErrorKind::Io(error) => Self::Output(error),
            other => Self::Output(io::Error::other(format!("{other:?}"))),
        }
    }
}
