//! Showing what the graph commands found: analysis reports, paths and neighbourhoods as tables
//! for people, JSON and CSV for programs.

use crate::error::{Error, Result};
use crate::graph::measures::{NodeMeasures, Report};
use crate::graph::paths::{describe_path, Hop};
use crate::graph::view::ViewGraph;
use crate::store::Lang;
use comfy_table::{presets, ContentArrangement, Table};
use petgraph::stable_graph::NodeIndex;
use std::io::Write;

/// How `hkkg analyze` writes its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportFormat {
    /// A summary and a table of the top nodes.
    #[default]
    Table,
    /// The whole report (summary, bridges, per-node measures).
    Json,
    /// One row of measures per node.
    Csv,
    /// A bar chart of the top nodes by the sort measure, coloured by class, with a legend.
    Svg,
}

crate::keywords!(ReportFormat, "report format", [
    Table "table": "a summary and a table of the top nodes",
    Json "json": "the whole report (summary, bridges, per-node measures)",
    Csv "csv": "one row of measures per node",
    Svg "svg": "a bar chart of the top nodes by the sort measure (SVG, labels in --lang)",
]);

/// Longest label a table shows in full.
const TABLE_LABEL_CHARS: usize = 60;

const COLUMNS: [&str; 12] = [
    "id",
    "label",
    "type",
    "degree",
    "pagerank",
    "betweenness",
    "closeness",
    "eigenvector",
    "core",
    "component",
    "community",
    "articulation_point",
];

/// The headings of the table (after `#`) in Chinese; CSV and JSON keep [`COLUMNS`]' names, which
/// programs read.
const COLUMNS_ZH: [&str; 11] = [
    "標籤",
    "類別",
    "度數",
    "PageRank",
    "中介中心性",
    "接近中心性",
    "特徵向量中心性",
    "k-核",
    "連通分量",
    "社群",
    "關節點",
];

/// Writes `report` as a table (its summary and headings in `lang`), JSON or CSV (the chart needs
/// the view: see [`crate::graph::chart`]).
pub fn write_report(
    report: &Report,
    format: ReportFormat,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, report)
                .map_err(|e| Error::Output(std::io::Error::other(e)))?;
            writeln!(out).map_err(Error::Output)
        }
        ReportFormat::Csv => {
            let mut csv = csv::Writer::from_writer(out);
            csv.write_record(COLUMNS).map_err(Error::from)?;
            for m in &report.measures {
                let mut record = vec![m.id.clone()];
                record.extend(cells(m, None));
                csv.write_record(record).map_err(Error::from)?;
            }
            csv.flush().map_err(Error::Output)
        }
        ReportFormat::Svg => Err(Error::UnsupportedFormat {
            format: "svg".to_owned(),
            what: "a report without its view",
            expected: vec!["table", "json", "csv"],
        }),
        ReportFormat::Table => {
            writeln!(out, "{}", summary(report, lang)).map_err(Error::Output)?;
            let mut header = vec!["#"];
            match lang {
                Lang::En => header.extend(&COLUMNS[1..]),
                Lang::Zh => header.extend(COLUMNS_ZH),
            }
            let mut table = new_table(header);
            for (i, m) in report.measures.iter().enumerate() {
                let mut row = vec![(i + 1).to_string()];
                row.extend(cells(m, Some(4)));
                table.add_row(row);
            }
            writeln!(out, "{table}").map_err(Error::Output)
        }
    }
}

/// The line above the table: the view's size and structure, and how the measures were computed.
fn summary(report: &Report, lang: Lang) -> String {
    let bridges = report.bridges.len();
    let iterations = report.pagerank_iterations;
    let sources = match (&report.betweenness_sources, &report.closeness_sources) {
        (Some(b), Some(c)) => Some((b.len(), c.len())),
        _ => None,
    };
    match lang {
        Lang::En => {
            let sampled = sources.map_or_else(String::new, |(b, c)| {
                format!(
                    " (betweenness sampled from {b} sources, closeness from {c} in the components of more than {} nodes)",
                    b + 1
                )
            });
            let plural = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            format!(
                "view {}: {}, {}, {}, {} (modularity {:.4}), {}, {}; PageRank {} in {iterations} iterations{sampled}",
                report.view,
                plural(report.nodes, "node", "nodes"),
                plural(report.edges, "edge", "edges"),
                plural(report.components, "component", "components"),
                plural(report.communities, "community", "communities"),
                report.modularity,
                plural(report.articulation_points, "articulation point", "articulation points"),
                plural(bridges, "bridge", "bridges"),
                if report.pagerank_converged { "converged" } else { "did NOT converge" },
            )
        }
        Lang::Zh => {
            let sampled = sources.map_or_else(String::new, |(b, c)| {
                format!(
                    "（在超過 {} 個節點的連通分量中，中介中心性取樣自 {b} 個起點，接近中心性取樣自 {c} 個）",
                    b + 1
                )
            });
            let pagerank = if report.pagerank_converged {
                format!("PageRank 經 {iterations} 次迭代收斂")
            } else {
                format!("PageRank 經 {iterations} 次迭代仍未收斂")
            };
            format!(
                "視圖 {}：{} 個節點、{} 條邊、{} 個連通分量、{} 個社群（模塊度 {:.4}）、{} 個關節點、{bridges} 條橋；{pagerank}{sampled}",
                report.view,
                report.nodes,
                report.edges,
                report.components,
                report.communities,
                report.modularity,
                report.articulation_points,
            )
        }
    }
}

/// A node's measures after its id, in [`COLUMNS`] order; numbers to `decimals` places if given.
fn cells(m: &NodeMeasures, decimals: Option<usize>) -> Vec<String> {
    let number = |x: f64| match decimals {
        Some(places) => format!("{x:.places$}"),
        None => x.to_string(),
    };
    // In tables (fixed decimals) long labels, such as policy points, are cut so the measures stay on
    // screen; JSON and CSV keep them whole.
    let label = match decimals {
        Some(_) if m.label.chars().count() > TABLE_LABEL_CHARS => {
            let cut: String = m.label.chars().take(TABLE_LABEL_CHARS - 1).collect();
            format!("{cut}…")
        }
        _ => m.label.clone(),
    };
    let (kind, articulation_point) = (m.kind.clone(), m.articulation_point);
    let m = &m.measured;
    vec![
        label,
        kind,
        m.degree.to_string(),
        number(m.pagerank),
        number(m.betweenness),
        number(m.closeness),
        m.eigenvector.map(number).unwrap_or_default(),
        m.core.to_string(),
        m.component.to_string(),
        m.community.to_string(),
        articulation_point.to_string(),
    ]
}

/// Shortest paths, one line per path, hop by hop.
pub fn write_paths(
    view: &ViewGraph,
    from: NodeIndex,
    to: NodeIndex,
    paths: &[Vec<Hop>],
    lang: Lang,
    out: &mut dyn Write,
) -> Result<()> {
    let g = &view.graph;
    let (a, b) = (g[from].label(lang), g[to].label(lang));
    if paths.is_empty() {
        return writeln!(out, "no path between {a} and {b} in view {}", view.name)
            .map_err(Error::Output);
    }
    let hops = paths[0].len();
    writeln!(
        out,
        "{} shortest path{} of {hops} hop{} between {a} and {b} in view {}:",
        paths.len(),
        if paths.len() == 1 { "" } else { "s" },
        if hops == 1 { "" } else { "s" },
        view.name
    )
    .map_err(Error::Output)?;
    for path in paths {
        writeln!(out, "  {}", describe_path(view, path, lang)).map_err(Error::Output)?;
    }
    Ok(())
}

/// The nodes of a neighbourhood with their distance.
pub fn write_neighbourhood(
    view: &ViewGraph,
    nodes: &[(NodeIndex, usize)],
    lang: Lang,
    out: &mut dyn Write,
) -> Result<()> {
    let mut table = new_table(vec!["distance", "label", "type", "id"]);
    for &(index, distance) in nodes {
        let node = &view.graph[index];
        table.add_row([
            distance.to_string(),
            node.label(lang).to_owned(),
            node.kind().to_owned(),
            node.id.clone(),
        ]);
    }
    writeln!(out, "{table}").map_err(Error::Output)?;
    writeln!(out, "{} nodes", nodes.len()).map_err(Error::Output)
}

fn new_table(header: Vec<&str>) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header);
    table
}
