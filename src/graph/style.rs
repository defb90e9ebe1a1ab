//! How a node of each class looks, the same in every view, picture and dump format: a colour and a
//! shape per class, fixed for hkkg's own classes and derived from the class name for any other.
//!
//! hkkg's classes are grouped into families (events, places, outcomes, agreements, people,
//! organisations, statements, policy, the concepts the words name, sources); a family shares a hue
//! and its classes take lighter and darker shades of it and shapes of their own, so related
//! classes look related and no two classes look the same. The hues are the colour-blind-safe
//! Okabe–Ito and Tol palettes. A class of other data gets a muted colour and a shape from a hash of
//! its name, so it too looks the same in every view. A test checks that every class the ontology
//! declares is in the table.

use siphasher::sip::SipHasher13;
use std::hash::Hasher;

/// A node shape: what Graphviz draws, and what the legend and the bar chart draw for it. All hold
/// a wrapped label well (a diamond or a house holding a sentence grows to many times its text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Ellipse,
    Box,
    Hexagon,
    Note,
    Octagon,
    Tab,
    Parallelogram,
    Folder,
    Component,
    Box3d,
    Cylinder,
}

/// The shapes in the order a family hands them out.
const SHAPES: [Shape; 11] = [
    Shape::Ellipse,
    Shape::Box,
    Shape::Hexagon,
    Shape::Note,
    Shape::Octagon,
    Shape::Tab,
    Shape::Parallelogram,
    Shape::Folder,
    Shape::Component,
    Shape::Box3d,
    Shape::Cylinder,
];

impl Shape {
    /// Graphviz's name for it.
    pub fn graphviz(self) -> &'static str {
        match self {
            Shape::Ellipse => "ellipse",
            Shape::Box => "box",
            Shape::Hexagon => "hexagon",
            Shape::Note => "note",
            Shape::Octagon => "octagon",
            Shape::Tab => "tab",
            Shape::Parallelogram => "parallelogram",
            Shape::Folder => "folder",
            Shape::Component => "component",
            Shape::Box3d => "box3d",
            Shape::Cylinder => "cylinder",
        }
    }

    /// Cytoscape.js's name for it (or for the nearest it has), so that a stylesheet can say
    /// `shape: data(shape)`.
    pub fn cytoscape(self) -> &'static str {
        match self {
            Shape::Ellipse => "ellipse",
            Shape::Box => "rectangle",
            Shape::Hexagon => "hexagon",
            Shape::Note => "cut-rectangle",
            Shape::Octagon => "octagon",
            Shape::Tab => "tag",
            Shape::Parallelogram => "rhomboid",
            Shape::Folder => "round-tag",
            Shape::Component => "barrel",
            Shape::Box3d => "bottom-round-rectangle",
            Shape::Cylinder => "round-rectangle",
        }
    }

    /// The nearest of GEXF's four `viz:shape`s.
    pub fn gexf(self) -> &'static str {
        match self {
            Shape::Ellipse | Shape::Octagon | Shape::Hexagon | Shape::Cylinder => "disc",
            Shape::Parallelogram => "diamond",
            _ => "square",
        }
    }

    /// SVG elements drawing the shape in the box (x, y, width, height), filled with `fill`, as
    /// Graphviz draws it.
    pub fn svg(self, x: f64, y: f64, w: f64, h: f64, fill: &str) -> String {
        let paint = format!("fill=\"{fill}\" stroke=\"#000000\"");
        let at = |px: f64, py: f64| format!("{:.1},{:.1}", x + px * w, y + py * h);
        let polygon = |corners: &[(f64, f64)]| {
            let list: Vec<String> = corners.iter().map(|&(px, py)| at(px, py)).collect();
            format!("<polygon points=\"{}\" {paint}/>", list.join(" "))
        };
        let line = |from: (f64, f64), to: (f64, f64)| {
            format!(
                "<polyline points=\"{} {}\" fill=\"none\" stroke=\"#000000\"/>",
                at(from.0, from.1),
                at(to.0, to.1)
            )
        };
        let rect = |px: f64, py: f64, pw: f64, ph: f64| {
            format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" {paint}/>",
                x + px * w,
                y + py * h,
                pw * w,
                ph * h
            )
        };
        match self {
            Shape::Ellipse => format!(
                "<ellipse cx=\"{:.1}\" cy=\"{:.1}\" rx=\"{:.1}\" ry=\"{:.1}\" {paint}/>",
                x + w / 2.0,
                y + h / 2.0,
                w / 2.0,
                h / 2.0
            ),
            Shape::Box => rect(0.0, 0.0, 1.0, 1.0),
            Shape::Hexagon => polygon(&[
                (0.0, 0.5),
                (0.2, 0.0),
                (0.8, 0.0),
                (1.0, 0.5),
                (0.8, 1.0),
                (0.2, 1.0),
            ]),
            Shape::Octagon => polygon(&[
                (0.2, 0.0),
                (0.8, 0.0),
                (1.0, 0.3),
                (1.0, 0.7),
                (0.8, 1.0),
                (0.2, 1.0),
                (0.0, 0.7),
                (0.0, 0.3),
            ]),
            Shape::Parallelogram => polygon(&[(0.2, 0.0), (1.0, 0.0), (0.8, 1.0), (0.0, 1.0)]),
            Shape::Note => {
                polygon(&[(0.0, 0.0), (0.8, 0.0), (1.0, 0.35), (1.0, 1.0), (0.0, 1.0)])
                    + &line((0.8, 0.0), (0.8, 0.35))
                    + &line((0.8, 0.35), (1.0, 0.35))
            }
            Shape::Tab => rect(0.0, 0.0, 1.0, 1.0) + &rect(0.08, 0.0, 0.2, 0.25),
            Shape::Folder => polygon(&[
                (0.0, 0.2),
                (0.05, 0.0),
                (0.35, 0.0),
                (0.4, 0.2),
                (1.0, 0.2),
                (1.0, 1.0),
                (0.0, 1.0),
            ]),
            Shape::Component => {
                rect(0.08, 0.0, 0.92, 1.0)
                    + &rect(0.0, 0.2, 0.16, 0.18)
                    + &rect(0.0, 0.62, 0.16, 0.18)
            }
            Shape::Box3d => {
                polygon(&[
                    (0.0, 0.2),
                    (0.15, 0.0),
                    (1.0, 0.0),
                    (1.0, 0.8),
                    (0.85, 1.0),
                    (0.0, 1.0),
                ]) + &line((0.0, 0.2), (0.85, 0.2))
                    + &line((0.85, 0.2), (1.0, 0.0))
                    + &line((0.85, 0.2), (0.85, 1.0))
            }
            Shape::Cylinder => {
                format!(
                "<path d=\"M{} L{} A{:.1},{:.1} 0 0 0 {} L{} A{:.1},{:.1} 0 0 0 {} Z\" {paint}/>",
                at(0.0, 0.15),
                at(0.0, 0.85),
                w / 2.0,
                h * 0.15,
                at(1.0, 0.85),
                at(1.0, 0.15),
                w / 2.0,
                h * 0.15,
                at(0.0, 0.15)
            ) + &format!(
                    "<path d=\"M{} A{:.1},{:.1} 0 0 0 {}\" fill=\"none\" stroke=\"#000000\"/>",
                    at(0.0, 0.15),
                    w / 2.0,
                    h * 0.15,
                    at(1.0, 0.15)
                )
            }
        }
    }
}

/// A colour as (red, green, blue).
pub type Rgb = (u8, u8, u8);

/// How one class's nodes look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    pub fill: Rgb,
    pub shape: Shape,
}

impl Look {
    /// `#rrggbb`.
    pub fn hex(&self) -> String {
        let (r, g, b) = self.fill;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// Black or white, whichever reads better on the fill (WCAG relative luminance).
    pub fn text(&self) -> &'static str {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let (r, g, b) = self.fill;
        let luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
        // The luminance at which black and white text have the same contrast.
        if luminance > 0.179 {
            "#000000"
        } else {
            "#ffffff"
        }
    }
}

/// A family of hkkg classes: its hue and its classes (local names in the hk: namespace), each
/// class taking the next shade and shape.
struct Family {
    hue: Rgb,
    classes: &'static [&'static str],
}

const FAMILIES: [Family; 10] = [
    Family {
        hue: (230, 159, 0),
        classes: &["Visit", "VisitLeg"],
    },
    Family {
        hue: (86, 180, 233),
        classes: &[
            "Country",
            "City",
            "Region",
            "PlaceGroup",
            "CooperationPlatform",
        ],
    },
    Family {
        hue: (0, 158, 115),
        classes: &[
            "Outcome",
            "AgreementBatch",
            "VisaArrangement",
            "AirRoute",
            "ConsulateEstablishment",
            "InstitutionalPartnership",
            "NegotiationLaunch",
            "RelationsOutcome",
        ],
    },
    Family {
        hue: (240, 228, 66),
        classes: &[
            "Agreement",
            "MemorandumOfUnderstanding",
            "LetterOfIntent",
            "InvestmentPromotionAndProtectionAgreement",
            "BilateralAgreement",
        ],
    },
    Family {
        hue: (213, 94, 0),
        classes: &["Person", "Delegation", "Collective", "Post", "Membership"],
    },
    Family {
        hue: (0, 114, 178),
        classes: &[
            "Organization",
            "GovernmentBody",
            "Association",
            "Museum",
            "AcademicInstitution",
            "NewsOrganization",
            "RegionalBloc",
        ],
    },
    Family {
        hue: (204, 121, 167),
        classes: &["Statement", "Proposal", "Experience"],
    },
    Family {
        hue: (68, 170, 153),
        classes: &[
            "PolicyDirection",
            "PolicyPoint",
            "PolicyDocument",
            "DocumentPart",
            "Measure",
            "Connectivity",
            "Sector",
        ],
    },
    Family {
        hue: (221, 204, 119),
        classes: &[
            "Objective",
            "Advantage",
            "FunctionalRole",
            "Flow",
            "PolicyFramework",
            "ActorKind",
            "ResourceKind",
            "TravelDocument",
            "Complementarity",
        ],
    },
    Family {
        hue: (170, 170, 170),
        classes: &["SourceDocument", "Passage", "CuratedInference"],
    },
];

/// Muted colours for classes outside the table (Tol's muted scheme, paler).
const OTHER_FILLS: [Rgb; 6] = [
    (204, 187, 221),
    (187, 204, 238),
    (204, 238, 255),
    (204, 221, 170),
    (238, 238, 187),
    (255, 204, 204),
];

/// Nodes with no type: entities described nowhere, and literals a view made into nodes.
pub const UNTYPED: Look = Look {
    fill: (255, 255, 255),
    shape: Shape::Box,
};

/// The look of a node whose most specific class is `class` (a prefixed name such as `hk:Visit`, or
/// an IRI in angle brackets); None: the node has no type.
pub fn look(class: Option<&str>) -> Look {
    let Some(class) = class else {
        return UNTYPED;
    };
    if let Some(local) = class.strip_prefix("hk:") {
        for family in &FAMILIES {
            if let Some(index) = family.classes.iter().position(|c| *c == local) {
                return Look {
                    fill: shade(family.hue, index, family.classes.len()),
                    shape: SHAPES[index % SHAPES.len()],
                };
            }
        }
    }
    // A fixed key: the same class gets the same look on every run and every machine.
    let mut hasher = SipHasher13::new_with_keys(0x686b_6b67, 0x7374_796c);
    hasher.write(class.as_bytes());
    let hash = hasher.finish();
    Look {
        fill: OTHER_FILLS[(hash % OTHER_FILLS.len() as u64) as usize],
        shape: SHAPES[((hash >> 16) % SHAPES.len() as u64) as usize],
    }
}

/// The `index`th of `count` shades of `hue`: the hue itself first, then alternately lighter and
/// darker, further each time, so neighbours in the list differ most.
fn shade(hue: Rgb, index: usize, count: usize) -> Rgb {
    if index == 0 || count < 2 {
        return hue;
    }
    let step = index.div_ceil(2) as f64 / (count as f64 / 2.0).ceil();
    let (target, amount) = if index % 2 == 1 {
        (255.0, 0.55 * step)
    } else {
        (0.0, 0.45 * step)
    };
    let mix = |c: u8| (f64::from(c) + (target - f64::from(c)) * amount).round() as u8;
    (mix(hue.0), mix(hue.1), mix(hue.2))
}

/// Every class of the table, as prefixed names (for the test that the ontology's are all there).
pub fn styled_classes() -> impl Iterator<Item = String> {
    FAMILIES
        .iter()
        .flat_map(|family| family.classes.iter().map(|c| format!("hk:{c}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn no_two_classes_look_the_same_and_each_looks_the_same_every_time() {
        let looks: Vec<Look> = styled_classes().map(|c| look(Some(&c))).collect();
        let distinct: HashSet<(Rgb, &str)> =
            looks.iter().map(|l| (l.fill, l.shape.graphviz())).collect();
        assert_eq!(distinct.len(), looks.len());
        let fills: HashSet<Rgb> = looks.iter().map(|l| l.fill).collect();
        assert_eq!(
            fills.len(),
            looks.len(),
            "every class has a colour of its own"
        );
        assert_eq!(look(Some("schema:Thing")), look(Some("schema:Thing")));
        assert_eq!(look(None), UNTYPED);
    }

    #[test]
    fn text_is_dark_on_light_fills_and_light_on_dark_ones() {
        let on = |fill| {
            Look {
                fill,
                shape: Shape::Box,
            }
            .text()
        };
        assert_eq!(on((240, 228, 66)), "#000000");
        assert_eq!(on((0, 60, 100)), "#ffffff");
    }
}
