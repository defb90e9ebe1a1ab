//! `analyze --format svg`: the top nodes of a view by one measure as a horizontal bar chart. Each
//! bar is in its node's class colour with the class's shape before the label (the same look as in
//! the graph pictures), the value at its end, labels and titles in the chosen language, and the
//! legend of the classes shown below. hkkg draws it itself: it is a list, not a layout.

use crate::error::{Error, Result};
use crate::graph::dump::FONTS;
use crate::graph::measures::{Report, SortKey};
use crate::graph::picture::{escape, text_width, Legend, FONT_SIZE};
use crate::graph::view::ViewGraph;
use crate::store::Lang;
use std::fmt::Write as _;
use std::io::Write;

/// Longest label shown in full, in characters; longer ones end in "…".
const LABEL_CHARS: usize = 48;
const BAR_AREA: f64 = 520.0;
const ROW: f64 = 26.0;
const BAR: f64 = 18.0;
const MARGIN: f64 = 16.0;
const SWATCH: (f64, f64) = (26.0, 16.0);

/// Writes the chart of `report`'s nodes (already sorted by `key` and cut to the top N).
pub fn write(
    view: &ViewGraph,
    report: &Report,
    key: SortKey,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<()> {
    let rows: Vec<(String, f64, &crate::graph::view::Node)> = report
        .measures
        .iter()
        .filter_map(|m| {
            let node = &view.graph[view.node(&m.id)?];
            let value = key.value(m);
            Some((shortened(node.label(lang)), value.max(0.0), node))
        })
        .collect();
    let label_width = rows
        .iter()
        .map(|(label, _, _)| text_width(label, FONT_SIZE))
        .fold(0.0, f64::max);
    let rank_width = text_width(&format!("{}.", rows.len().max(1)), FONT_SIZE) + 8.0;
    let bars_x = MARGIN + rank_width + SWATCH.0 + 8.0 + label_width + 10.0;
    let value_width = text_width("0.000000", FONT_SIZE) + 8.0;
    let width = (bars_x + BAR_AREA + value_width + MARGIN).max(480.0);
    let top = MARGIN + 2.0 * FONT_SIZE + 12.0;
    let max = rows.iter().map(|(_, v, _)| *v).fold(0.0, f64::max);

    let mut body = String::new();
    let (title, subtitle) = titles(view, report, key, rows.len(), lang);
    let _ = writeln!(
        body,
        "<text x=\"{MARGIN}\" y=\"{:.1}\" font-size=\"{:.1}\" font-weight=\"bold\">{}</text>",
        MARGIN + FONT_SIZE,
        FONT_SIZE * 1.2,
        escape(&title)
    );
    let _ = writeln!(
        body,
        "<text x=\"{MARGIN}\" y=\"{:.1}\" fill=\"#444444\">{}</text>",
        MARGIN + 2.0 * FONT_SIZE + 6.0,
        escape(&subtitle)
    );
    for (i, (label, value, node)) in rows.iter().enumerate() {
        let y = top + ROW * i as f64;
        let look = node.look();
        let length = if max > 0.0 {
            BAR_AREA * value / max
        } else {
            0.0
        };
        let baseline = y + BAR / 2.0 + FONT_SIZE * 0.35;
        let _ = writeln!(
            body,
            "<g class=\"bar\"><title>{}</title><text x=\"{:.1}\" y=\"{baseline:.1}\" text-anchor=\"end\" fill=\"#444444\">{}.</text>{}<text x=\"{:.1}\" y=\"{baseline:.1}\">{}</text><rect x=\"{bars_x:.1}\" y=\"{y:.1}\" width=\"{length:.1}\" height=\"{BAR}\" fill=\"{}\" stroke=\"#000000\" stroke-width=\"0.5\"/><text x=\"{:.1}\" y=\"{baseline:.1}\">{}</text></g>",
            escape(&node.id),
            MARGIN + rank_width - 8.0,
            i + 1,
            look.shape.svg(MARGIN + rank_width, y + (BAR - SWATCH.1) / 2.0, SWATCH.0, SWATCH.1, &look.hex()),
            MARGIN + rank_width + SWATCH.0 + 8.0,
            escape(label),
            look.hex(),
            bars_x + length + 6.0,
            number(*value, key),
        );
    }
    let legend = Legend {
        lang,
        classes: Legend::of_classes(view, rows.iter().map(|(_, _, n)| *n), lang, false),
        directed: false,
        undirected: false,
        weights: None,
    };
    let (legend_svg, legend_width, legend_height) = legend.render(width);
    let width = width.max(legend_width);
    let chart_height = top + ROW * rows.len() as f64 + MARGIN;
    let height = chart_height + legend_height;
    let mut svg = String::with_capacity(body.len() + legend_svg.len() + 512);
    let _ = writeln!(
        svg,
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.1} {height:.1}\" font-family=\"{FONTS}\" font-size=\"{FONT_SIZE}\">\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"
    );
    svg.push_str(&body);
    let _ = writeln!(
        svg,
        "<g transform=\"translate(0,{chart_height:.1})\">\n{legend_svg}</g>\n</svg>"
    );
    out.write_all(svg.as_bytes()).map_err(Error::Output)
}

fn shortened(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_owned();
    }
    let cut: String = label.chars().take(LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Counts as integers, centralities to six decimals.
fn number(value: f64, key: SortKey) -> String {
    match key {
        SortKey::Degree | SortKey::Core => format!("{value:.0}"),
        _ => format!("{value:.6}"),
    }
}

/// The chart's title and the line under it, in `lang`.
fn titles(
    view: &ViewGraph,
    report: &Report,
    key: SortKey,
    shown: usize,
    lang: Lang,
) -> (String, String) {
    let measure = measure_name(key, lang);
    match lang {
        Lang::En => (
            format!("{} — top {shown} by {measure}", view.title),
            format!(
                "view {}: {} nodes, {} edges, {} communities",
                view.name, report.nodes, report.edges, report.communities
            ),
        ),
        Lang::Zh => (
            format!("{}：{measure}最高的 {shown} 個節點", view.title),
            format!(
                "視圖 {}：{} 個節點、{} 條邊、{} 個社群",
                view.name, report.nodes, report.edges, report.communities
            ),
        ),
    }
}

fn measure_name(key: SortKey, lang: Lang) -> &'static str {
    match (key, lang) {
        (SortKey::Degree, Lang::En) => "degree",
        (SortKey::Degree, Lang::Zh) => "度數",
        (SortKey::Pagerank, _) => "PageRank",
        (SortKey::Betweenness, Lang::En) => "betweenness",
        (SortKey::Betweenness, Lang::Zh) => "中介中心性",
        (SortKey::Closeness, Lang::En) => "closeness",
        (SortKey::Closeness, Lang::Zh) => "接近中心性",
        (SortKey::Eigenvector, Lang::En) => "eigenvector centrality",
        (SortKey::Eigenvector, Lang::Zh) => "特徵向量中心性",
        (SortKey::Core, Lang::En) => "k-core",
        (SortKey::Core, Lang::Zh) => "k-核",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_are_cut_with_an_ellipsis() {
        let long = "字".repeat(60);
        assert_eq!(shortened(&long).chars().count(), LABEL_CHARS);
        assert!(shortened(&long).ends_with('…'));
        assert_eq!(shortened("Qatar"), "Qatar");
        assert_eq!(number(3.0, SortKey::Degree), "3");
        assert_eq!(number(0.25, SortKey::Pagerank), "0.250000");
    }
}
