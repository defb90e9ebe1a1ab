//! What hkkg's pictures share: the legend (each class's colour and shape with its name in the
//! chosen language and how many nodes it has, and what arrows, plain lines and line widths mean),
//! text measured for layout, and the fonts. The graph pictures (`graph --format svg`) and the
//! measure chart (`analyze --format svg`) both use it.

use crate::graph::dump::FONTS;
use crate::graph::style::{Look, Shape};
use crate::graph::view::ViewGraph;
use crate::store::Lang;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The font size of legend and chart text, in the picture's units (Graphviz's node labels are 14).
pub const FONT_SIZE: f64 = 14.0;
const ROW: f64 = 24.0;
const SWATCH: (f64, f64) = (36.0, 18.0);
const PAD: f64 = 12.0;

/// The width of `text` set at `size`: a CJK character takes about one em, other characters about
/// 0.6 em in Noto Sans. Good enough to lay out columns and bars; no font is read.
pub fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| if is_wide(c) { 1.0 } else { 0.6 })
        .sum::<f64>()
        * size
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Text escaped for SVG character data and attribute values.
pub fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// One class in a legend.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassEntry {
    pub look: Look,
    pub label: String,
    pub count: usize,
}

/// A picture's legend.
#[derive(Debug, Clone, PartialEq)]
pub struct Legend {
    pub lang: Lang,
    pub classes: Vec<ClassEntry>,
    /// Whether the picture has arrows (relations with a direction).
    pub directed: bool,
    /// Whether it has plain lines (relations without direction).
    pub undirected: bool,
    /// The lightest and heaviest edge, when line widths show weights.
    pub weights: Option<(f64, f64)>,
}

impl Legend {
    /// The classes of `nodes` (with their labels from `graph`), most nodes first, then by name.
    /// `all_boxes`: the picture draws every node as a box (layout-rs).
    pub fn of_classes<'a>(
        graph: &ViewGraph,
        nodes: impl Iterator<Item = &'a crate::graph::view::Node>,
        lang: Lang,
        all_boxes: bool,
    ) -> Vec<ClassEntry> {
        let mut counts: BTreeMap<Option<&str>, (Look, usize)> = BTreeMap::new();
        for node in nodes {
            counts.entry(node.class()).or_insert((node.look(), 0)).1 += 1;
        }
        let mut entries: Vec<ClassEntry> = counts
            .into_iter()
            .map(|(class, (mut look, count))| {
                if all_boxes {
                    look.shape = Shape::Box;
                }
                let label = match class.and_then(|c| graph.classes.get(c)) {
                    Some((en, zh)) => match lang {
                        Lang::En => en.clone(),
                        Lang::Zh => zh.clone(),
                    },
                    None => class.map_or_else(|| untyped(lang).to_owned(), str::to_owned),
                };
                ClassEntry { look, label, count }
            })
            .collect();
        entries.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
        entries
    }

    /// The legend as SVG elements laid out in as many columns as fit in `width` (at least one),
    /// with the width and height it takes.
    pub fn render(&self, width: f64) -> (String, f64, f64) {
        let words = Words::of(self.lang);
        let mut items: Vec<(String, f64)> = self
            .classes
            .iter()
            .map(|entry| {
                let text = format!("{} ({})", entry.label, entry.count);
                let item_width = SWATCH.0 + 8.0 + text_width(&text, FONT_SIZE);
                (class_item(entry, &text), item_width)
            })
            .collect();
        if self.directed {
            items.push(line_item(words.directed, true, 1.0));
        }
        if self.undirected {
            items.push(line_item(words.undirected, false, 1.0));
        }
        if let Some((low, high)) = self.weights {
            let text = format!("{} {low}–{high}", words.weight);
            items.push(line_item(&text, false, 3.0));
        }
        let column = items.iter().map(|(_, w)| *w).fold(0.0, f64::max) + 2.0 * PAD;
        let columns = ((width - PAD) / column).floor().max(1.0) as usize;
        let rows = items.len().div_ceil(columns);
        let mut svg = String::new();
        let _ = write!(
            svg,
            "<g class=\"legend\" font-family=\"{FONTS}\" font-size=\"{FONT_SIZE}\">\n<text x=\"{PAD}\" y=\"{:.1}\" font-weight=\"bold\">{}</text>\n",
            PAD + FONT_SIZE,
            escape(words.title)
        );
        for (i, (item, _)) in items.iter().enumerate() {
            let (x, y) = (
                PAD + (i / rows) as f64 * column,
                PAD + ROW * (1.0 + (i % rows) as f64) + 6.0,
            );
            let _ = writeln!(svg, "<g transform=\"translate({x:.1},{y:.1})\">{item}</g>");
        }
        svg.push_str("</g>\n");
        let used = PAD + column * columns.min(items.len().max(1)) as f64;
        (svg, used, 2.0 * PAD + ROW * (rows as f64 + 1.0) + 6.0)
    }
}

fn class_item(entry: &ClassEntry, text: &str) -> String {
    format!(
        "{}<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
        entry
            .look
            .shape
            .svg(0.0, 0.0, SWATCH.0, SWATCH.1, &entry.look.hex()),
        SWATCH.0 + 8.0,
        SWATCH.1 - 4.0,
        escape(text)
    )
}

fn line_item(text: &str, arrow: bool, width: f64) -> (String, f64) {
    let y = SWATCH.1 / 2.0;
    let head = if arrow {
        format!(
            "<polygon points=\"{:.1},{:.1} {:.1},{y:.1} {:.1},{:.1}\" fill=\"#000000\"/>",
            SWATCH.0 - 8.0,
            y - 4.0,
            SWATCH.0,
            SWATCH.0 - 8.0,
            y + 4.0
        )
    } else {
        String::new()
    };
    let end = if arrow { SWATCH.0 - 8.0 } else { SWATCH.0 };
    let svg = format!(
        "<line x1=\"0\" y1=\"{y:.1}\" x2=\"{end:.1}\" y2=\"{y:.1}\" stroke=\"#000000\" stroke-width=\"{width}\"/>{head}<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
        SWATCH.0 + 8.0,
        SWATCH.1 - 4.0,
        escape(text)
    );
    (svg, SWATCH.0 + 8.0 + text_width(text, FONT_SIZE))
}

fn untyped(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "no type",
        Lang::Zh => "無類別",
    }
}

/// The legend's words in each language.
struct Words {
    title: &'static str,
    directed: &'static str,
    undirected: &'static str,
    weight: &'static str,
}

impl Words {
    fn of(lang: Lang) -> Self {
        match lang {
            Lang::En => Words {
                title: "Legend",
                directed: "relation with a direction (arrow)",
                undirected: "relation without direction (symmetric)",
                weight: "line width: weight",
            },
            Lang::Zh => Words {
                title: "圖例",
                directed: "有方向的關係（箭頭）",
                undirected: "無方向的關係（對稱）",
                weight: "線寬：權重",
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_characters_are_wider_than_latin_letters() {
        assert!(text_width("卡塔爾", 10.0) > text_width("Qatar", 10.0) * 0.9);
        assert_eq!(text_width("", 10.0), 0.0);
    }

    #[test]
    fn a_legend_flows_into_as_many_columns_as_fit() {
        let entry = |label: &str| ClassEntry {
            look: crate::graph::style::look(Some("hk:Visit")),
            label: label.to_owned(),
            count: 1,
        };
        let legend = Legend {
            lang: Lang::En,
            classes: (0..6).map(|i| entry(&format!("class {i}"))).collect(),
            directed: true,
            undirected: false,
            weights: None,
        };
        let (narrow, narrow_width, narrow_height) = legend.render(100.0);
        let (_, wide_width, wide_height) = legend.render(2000.0);
        assert!(narrow_height > wide_height);
        assert!(
            narrow_width > 100.0,
            "one column, however narrow the picture"
        );
        assert!(wide_width <= 2000.0 && wide_width > narrow_width);
        assert_eq!(narrow.matches("<text").count(), 1 + 6 + 1);
        assert!(narrow.contains("class 5 (1)") && narrow.contains("relation with a direction"));
    }
}
