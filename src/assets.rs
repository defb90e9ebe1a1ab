//! The files compiled into the binary (see `build.rs`): the ontology, the shapes, the data and the
//! named queries and views, so that `hkkg` answers from anywhere without setup. Every stage reads
//! them through this module, one accessor each.

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Where the bundled SHACL shapes live. They describe the data; they are not loaded as data.
pub const SHAPES_PATH: &str = "ontology/shapes.ttl";
/// Where the bundled named queries live: the `.rq` files directly under it.
pub const QUERIES_DIR: &str = "queries/";
/// Where the bundled graph views live.
pub const VIEWS_DIR: &str = "queries/views/";

/// A file compiled into the binary.
#[derive(Debug, Clone, Copy)]
pub struct Asset {
    /// The path relative to the repository root, with `/` separators.
    pub path: &'static str,
    pub text: &'static str,
}

/// Every bundled file, sorted by path.
pub fn all() -> impl Iterator<Item = Asset> {
    embedded::FILES
        .iter()
        .map(|&(path, text)| Asset { path, text })
}

/// The bundled files under the top directories `dirs` (such as "ontology" and "data").
pub fn under<'a>(dirs: &'a [&'a str]) -> impl Iterator<Item = Asset> + 'a {
    all().filter(move |asset| {
        dirs.iter().any(|dir| {
            asset
                .path
                .strip_prefix(dir)
                .is_some_and(|rest| rest.starts_with('/'))
        })
    })
}

/// The bundled RDF data: the ontology and the data, without the shapes.
pub fn data() -> impl Iterator<Item = Asset> {
    under(&["ontology", "data"]).filter(|asset| asset.path != SHAPES_PATH)
}

/// The bundled shapes graph.
pub fn shapes() -> Asset {
    all()
        .find(|asset| asset.path == SHAPES_PATH)
        .expect("build.rs embeds ontology/shapes.ttl")
}

/// The `.rq` files directly under `dir` (one of [`QUERIES_DIR`], [`VIEWS_DIR`]), as (name, asset).
pub fn queries_in(dir: &str) -> impl Iterator<Item = (&'static str, Asset)> + '_ {
    all().filter_map(move |asset| {
        let name = asset.path.strip_prefix(dir)?.strip_suffix(".rq")?;
        (!name.contains('/')).then_some((name, asset))
    })
}
