//! CSV node and edge tables in the layout Gephi's spreadsheet import recognises: nodes with `Id`
//! and `Label`, edges with `Source`, `Target`, `Type` (`Directed`, or `Undirected` for a relation
//! without direction), `Id`, `Label`, `Weight`; the other attributes
//! follow as extra columns (empty where a node or edge has no value).

use super::{edge_values, edges, node_keys, node_values, Key, Value, EDGE_KEYS};
use crate::error::{Error, Result};
use crate::graph::view::ViewGraph;
use crate::store::Lang;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Written under Gephi's own column names, ahead of the rest (`directed` is Gephi's `Type`).
const GEPHI_COLUMNS: [(&str, &str); 3] = [
    ("label", "Label"),
    ("weight", "Weight"),
    ("directed", "Type"),
];

/// The two files for `-o PREFIX`: `PREFIX-nodes.csv` and `PREFIX-edges.csv` (a `.csv` ending
/// on the prefix is dropped).
pub fn csv_paths(prefix: &Path) -> (PathBuf, PathBuf) {
    let text = prefix.to_string_lossy();
    let stem = text.strip_suffix(".csv").unwrap_or(&text);
    (
        PathBuf::from(format!("{stem}-nodes.csv")),
        PathBuf::from(format!("{stem}-edges.csv")),
    )
}

pub fn write_csv(
    graph: &ViewGraph,
    lang: Lang,
    nodes_out: &mut dyn Write,
    edges_out: &mut dyn Write,
) -> Result<()> {
    let g = &graph.graph;
    let node_extra = extra_columns(node_keys(graph).into_iter());
    let mut nodes = csv::Writer::from_writer(nodes_out);
    let mut header = vec!["Id", "Label"];
    header.extend(&node_extra);
    nodes.write_record(&header).map_err(Error::from)?;
    for index in g.node_indices() {
        let node = &g[index];
        let values = node_values(node, lang);
        let mut record = vec![node.id.clone(), node.label(lang).to_owned()];
        record.extend(node_extra.iter().map(|column| cell(&values, column)));
        nodes.write_record(&record).map_err(Error::from)?;
    }
    nodes.flush().map_err(Error::Output)?;

    let edge_extra = extra_columns(EDGE_KEYS.iter());
    let mut edge_table = csv::Writer::from_writer(edges_out);
    let mut header = vec!["Source", "Target", "Type", "Id", "Label", "Weight"];
    header.extend(&edge_extra);
    edge_table.write_record(&header).map_err(Error::from)?;
    for (id, a, b, edge) in edges(graph) {
        let values = edge_values(edge, lang);
        let mut record = vec![
            a.id.clone(),
            b.id.clone(),
            if edge.directed {
                "Directed"
            } else {
                "Undirected"
            }
            .to_owned(),
            id,
            edge.label(lang).to_owned(),
            edge.weight.to_string(),
        ];
        record.extend(edge_extra.iter().map(|column| cell(&values, column)));
        edge_table.write_record(&record).map_err(Error::from)?;
    }
    edge_table.flush().map_err(Error::Output)
}

fn extra_columns<'k>(keys: impl Iterator<Item = &'k Key>) -> Vec<&'static str> {
    keys.map(|k| k.name)
        .filter(|name| !GEPHI_COLUMNS.iter().any(|(ours, _)| ours == name))
        .collect()
}

fn cell(values: &[(&'static str, Value<'_>)], column: &str) -> String {
    values
        .iter()
        .find(|(name, _)| *name == column)
        .map(|(_, value)| value.to_text().into_owned())
        .unwrap_or_default()
}
