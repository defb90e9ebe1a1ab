//! Finding things by name: an index of every entity's labels (rdfs:label, skos:prefLabel,
//! skos:altLabel, in any language) and identifiers (the local name of its IRI, skos:notation, ISO
//! codes), built once per session, and a ranking of entities against what a person typed.
//!
//! Text is compared folded: lower case, full-width forms as ASCII, typographic quotes and dashes
//! as plain ones. A match is graded, best first: the whole text, its beginning (at a word
//! boundary), every word typed as a word of the text, a substring, then a fuzzy likeness (typing
//! mistakes: Jaro–Winkler per word). Chinese has no spaces between words, so Chinese text is
//! matched as a substring at any character, and fuzzily by the characters' pairs (a simplified
//! character in a traditional name still shares the others). Within a grade, the text the input
//! covers best comes first, labels before alternative labels before identifiers.
//!
//! `cite`, `path`, `neighbours`, parameters that name entities, and `hkkg search` all rank with
//! this one index, so a name that works in one works in all.

use crate::rdf::namespaces::{self, HK, PREFIXES, RDF, RDFS, SKOS};
use crate::store::KnowledgeGraph;
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term};
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// Where a text of an entity comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Label,
    AltLabel,
    Identifier,
}

impl Field {
    pub fn noun(self) -> &'static str {
        match self {
            Field::Label => "label",
            Field::AltLabel => "alternative label",
            Field::Identifier => "identifier",
        }
    }
}

/// How well an input matches a text, best last (so that `max` picks the best).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// Alike but not the same: a typing mistake, a missing letter, another script's character.
    Fuzzy,
    /// The input occurs inside the text (not at a word boundary).
    Substring,
    /// Every word of the input is a word of the text (Chinese: the input occurs in the text).
    Words,
    /// The text begins with the input, at a word boundary.
    Prefix,
    /// The whole text.
    Exact,
}

impl Grade {
    /// Whether a match of this grade names an entity when it is the only one (a fuzzy match is
    /// only ever a suggestion).
    pub fn is_confident(self) -> bool {
        self >= Grade::Substring
    }

    fn phrase(self) -> &'static str {
        match self {
            Grade::Exact => "is",
            Grade::Prefix => "begins with",
            Grade::Words => "contains the words",
            Grade::Substring => "contains",
            Grade::Fuzzy => "resembles",
        }
    }
}

/// One entity found, with its best-matching text.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    #[serde(serialize_with = "serialize_iri")]
    pub iri: NamedNode,
    pub grade: Grade,
    /// 0..1 within the grade: how much of the text the input covers, or how alike they are.
    pub score: f64,
    pub field: Field,
    /// The text that matched, as written, and its language tag (if any).
    pub text: String,
    pub lang: Option<String>,
    /// The entity's types (every rdf:type, sorted).
    #[serde(serialize_with = "serialize_iris")]
    pub types: Vec<NamedNode>,
}

fn serialize_iris<S: serde::Serializer>(iris: &[NamedNode], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(iris.iter().map(NamedNode::as_str))
}

fn serialize_iri<S: serde::Serializer>(iri: &NamedNode, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(iri.as_str())
}

impl Hit {
    /// "its English label begins with 'Qianhai'": why the hit was taken, for a note.
    pub fn reason(&self, input: &str) -> String {
        let language = match self.lang.as_deref() {
            Some(tag) if tag.eq_ignore_ascii_case("en") => "English ",
            Some(tag) if tag.to_ascii_lowercase().starts_with("zh-hant") => "Chinese ",
            Some(tag) if tag.to_ascii_lowercase().starts_with("zh-latn") => "romanised ",
            _ => "",
        };
        format!(
            "its {language}{} «{}» {} «{}»",
            self.field.noun(),
            self.text,
            self.grade.phrase(),
            input.trim()
        )
    }
}

#[derive(Debug)]
struct Entry {
    node: usize,
    field: Field,
    text: String,
    lang: Option<String>,
    folded: String,
}

/// The names of every entity of a graph, ready to be searched.
#[derive(Debug, Default)]
pub struct SearchIndex {
    nodes: Vec<NamedNode>,
    /// rdf:type of each node (every graph), for filtering and display.
    types: Vec<Vec<NamedNode>>,
    entries: Vec<Entry>,
    /// Folded text → the entries that are exactly it.
    exact: HashMap<String, Vec<usize>>,
}

/// Predicates whose literal values name their subject, and as what.
fn name_predicates() -> Vec<(NamedNode, Field)> {
    let mut predicates = vec![
        (format!("{RDFS}label"), Field::Label),
        (format!("{SKOS}prefLabel"), Field::Label),
        (format!("{SKOS}altLabel"), Field::AltLabel),
        (format!("{SKOS}notation"), Field::Identifier),
    ];
    for code in ["iso3166Alpha2", "iso3166Alpha3"] {
        predicates.push((format!("{HK}{code}"), Field::Identifier));
    }
    predicates
        .into_iter()
        .map(|(iri, field)| (NamedNode::new_unchecked(iri), field))
        .collect()
}

impl SearchIndex {
    /// Reads the names of every labelled or typed named node of `graph`, in every graph.
    pub fn build(graph: &KnowledgeGraph) -> Self {
        let mut index = Self::default();
        let mut positions: HashMap<NamedNode, usize> = HashMap::new();
        let mut seen: HashSet<(usize, Field, String, Option<String>)> = HashSet::new();
        let mut node_of = |index: &mut Self, node: NamedNode| -> usize {
            *positions.entry(node.clone()).or_insert_with(|| {
                index.nodes.push(node);
                index.types.push(Vec::new());
                index.nodes.len() - 1
            })
        };
        for (predicate, field) in name_predicates() {
            for quad in graph
                .facts_for_pattern(None, Some(predicate.as_ref()), None, None)
                .flatten()
            {
                let (NamedOrBlankNode::NamedNode(subject), Term::Literal(literal)) =
                    (quad.subject, quad.object)
                else {
                    continue;
                };
                let node = node_of(&mut index, subject);
                let lang = literal.language().map(crate::rdf::lang::canonical_case);
                if seen.insert((node, field, literal.value().to_owned(), lang.clone())) {
                    index.push(node, field, literal.value(), lang);
                }
            }
        }
        let rdf_type = NamedNode::new_unchecked(format!("{RDF}type"));
        for quad in graph
            .facts_for_pattern(None, Some(rdf_type.as_ref()), None, None)
            .flatten()
        {
            let (NamedOrBlankNode::NamedNode(subject), Term::NamedNode(class)) =
                (quad.subject, quad.object)
            else {
                continue;
            };
            let node = node_of(&mut index, subject);
            if !index.types[node].contains(&class) {
                index.types[node].push(class);
            }
        }
        for node in 0..index.nodes.len() {
            index.types[node].sort();
            let local = local_name(index.nodes[node].as_str()).to_owned();
            if !local.is_empty() && seen.insert((node, Field::Identifier, local.clone(), None)) {
                index.push(node, Field::Identifier, &local, None);
            }
        }
        index
    }

    fn push(&mut self, node: usize, field: Field, text: &str, lang: Option<String>) {
        let folded = fold(text);
        if folded.is_empty() {
            return;
        }
        self.exact
            .entry(folded.clone())
            .or_default()
            .push(self.entries.len());
        self.entries.push(Entry {
            node,
            field,
            text: text.to_owned(),
            lang,
            folded,
        });
    }

    /// How many entities the index names.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The entities whose label, alternative label or identifier is exactly `input` (folded), each
    /// once with its first such text.
    pub fn exact(&self, input: &str) -> Vec<Hit> {
        let mut hits: Vec<Hit> = Vec::new();
        for &entry in self.exact.get(&fold(input)).into_iter().flatten() {
            let entry = &self.entries[entry];
            if hits.iter().any(|h| h.iri == self.nodes[entry.node]) {
                continue;
            }
            hits.push(self.hit(entry, Grade::Exact, 1.0));
        }
        hits.sort_by(compare_hits);
        hits
    }

    /// Every entity matching `input` (at least fuzzily) whose types satisfy `keep`, best first,
    /// one hit per entity (its best text).
    pub fn search(&self, input: &str, keep: &dyn Fn(&[NamedNode]) -> bool) -> Vec<Hit> {
        let query = Needle::new(input);
        if query.folded.is_empty() {
            return Vec::new();
        }
        let mut best: HashMap<usize, Hit> = HashMap::new();
        for entry in &self.entries {
            let Some((grade, score)) = query.grade(&entry.folded) else {
                continue;
            };
            if !keep(&self.types[entry.node]) {
                continue;
            }
            let hit = self.hit(entry, grade, score);
            match best.get(&entry.node) {
                Some(current) if compare_hits(current, &hit) != Ordering::Greater => {}
                _ => {
                    best.insert(entry.node, hit);
                }
            }
        }
        let mut hits: Vec<Hit> = best.into_values().collect();
        hits.sort_by(compare_hits);
        hits
    }

    fn hit(&self, entry: &Entry, grade: Grade, score: f64) -> Hit {
        Hit {
            iri: self.nodes[entry.node].clone(),
            grade,
            score,
            field: entry.field,
            text: entry.text.clone(),
            lang: entry.lang.clone(),
            types: self.types[entry.node].clone(),
        }
    }
}

/// Better first: grade, then score, then labels before identifiers, then by IRI for a stable order.
fn compare_hits(a: &Hit, b: &Hit) -> Ordering {
    b.grade
        .cmp(&a.grade)
        .then_with(|| b.score.total_cmp(&a.score))
        .then_with(|| a.field.cmp(&b.field))
        .then_with(|| a.text.chars().count().cmp(&b.text.chars().count()))
        .then_with(|| a.iri.as_str().cmp(b.iri.as_str()))
}

/// The part of an IRI after its namespace: a known prefix's, else after the last `#` or `/`.
fn local_name(iri: &str) -> &str {
    if let Some((_, namespace)) = PREFIXES
        .iter()
        .filter(|(_, namespace)| iri.starts_with(namespace))
        .max_by_key(|(_, namespace)| namespace.len())
    {
        return &iri[namespace.len()..];
    }
    iri.rfind(['#', '/']).map_or(iri, |at| &iri[at + 1..])
}

/// Whether `c` is a CJK ideograph (or a kana / Hangul syllable): text written without spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Text as it is compared: lower case, full-width ASCII as ASCII, curly quotes and dashes plain,
/// the separators of identifiers (`-`, `_`) and runs of white space as one space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.trim().chars() {
        let c = match c as u32 {
            // Full-width forms (Ａ, ｑ, ０) as their ASCII letters.
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            0x3000 => ' ',
            0x2018 | 0x2019 | 0x02BC => '\'',
            0x201C | 0x201D => '"',
            0x2010..=0x2015 => '-',
            _ => c,
        };
        if c.is_whitespace() || c == '-' || c == '_' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out
}

/// The words of folded text: runs of letters and digits; a run of CJK characters is one word.
fn words(folded: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start: Option<(usize, bool)> = None;
    for (at, c) in folded.char_indices() {
        let kind = if c.is_alphanumeric() {
            Some(is_cjk(c))
        } else {
            None
        };
        match (start, kind) {
            (Some((begin, cjk)), Some(now)) if cjk != now => {
                words.push(&folded[begin..at]);
                start = Some((at, now));
            }
            (Some(_), Some(_)) => {}
            (None, Some(now)) => start = Some((at, now)),
            (Some((begin, _)), None) => {
                words.push(&folded[begin..at]);
                start = None;
            }
            (None, None) => {}
        }
    }
    if let Some((begin, _)) = start {
        words.push(&folded[begin..]);
    }
    words
}

/// Below this likeness a word is not taken for a mistyped one.
const FUZZY_WORD: f64 = 0.86;
/// Below this share of character pairs Chinese text is not taken as alike.
const FUZZY_PAIRS: f64 = 0.5;
/// Inputs longer than this are not names: they are compared exactly only.
const MAX_NEEDLE_CHARS: usize = 200;

/// What the person typed, prepared for comparing with every text.
struct Needle {
    folded: String,
    words: Vec<String>,
    chars: usize,
    cjk: bool,
}

impl Needle {
    fn new(input: &str) -> Self {
        let folded = fold(input);
        let chars = folded.chars().count();
        Self {
            words: words(&folded).into_iter().map(str::to_owned).collect(),
            cjk: folded.chars().any(is_cjk),
            chars,
            folded: if chars > MAX_NEEDLE_CHARS {
                String::new()
            } else {
                folded
            },
        }
    }

    /// The grade and score of the text `folded`, or None when it does not match at all.
    fn grade(&self, folded: &str) -> Option<(Grade, f64)> {
        let length = folded.chars().count().max(1);
        let coverage = self.chars as f64 / length.max(self.chars) as f64;
        if folded == self.folded {
            return Some((Grade::Exact, 1.0));
        }
        if let Some(rest) = folded.strip_prefix(self.folded.as_str()) {
            let boundary = rest
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric() || self.cjk);
            if boundary {
                return Some((Grade::Prefix, coverage));
            }
        }
        if self.cjk && folded.contains(self.folded.as_str()) {
            return Some((Grade::Words, coverage));
        }
        let text_words = words(folded);
        if !self.words.is_empty() && self.words.iter().all(|w| text_words.iter().any(|t| t == w)) {
            return Some((Grade::Words, coverage));
        }
        if folded.contains(self.folded.as_str()) {
            return Some((Grade::Substring, coverage));
        }
        let likeness = if self.cjk {
            pair_likeness(&self.folded, folded)
        } else {
            self.word_likeness(&text_words)
        };
        likeness.map(|score| (Grade::Fuzzy, score))
    }

    /// The mean, over the input's words, of each one's likeness to its closest word of the text;
    /// None when any word has no close match. Short texts are compared whole as well, so that
    /// "visitedcountri" still finds "visited country".
    fn word_likeness(&self, text_words: &[&str]) -> Option<f64> {
        if self.words.is_empty() || text_words.is_empty() {
            return None;
        }
        let mut total = 0.0;
        for word in &self.words {
            let best = text_words
                .iter()
                .map(|t| strsim::jaro_winkler(word, t))
                .fold(0.0, f64::max);
            if best < FUZZY_WORD || word.chars().count() < 3 {
                return self.whole_likeness(text_words);
            }
            total += best;
        }
        Some(total / self.words.len() as f64)
    }

    fn whole_likeness(&self, text_words: &[&str]) -> Option<f64> {
        let joined: String = text_words.concat();
        let typed: String = self.words.concat();
        if typed.chars().count() < 4 {
            return None;
        }
        let score = strsim::jaro_winkler(&typed, &joined);
        (score >= FUZZY_WORD).then_some(score)
    }
}

/// The Dice coefficient of the two texts' character pairs (single characters for one-character
/// texts), or None below [`FUZZY_PAIRS`].
fn pair_likeness(a: &str, b: &str) -> Option<f64> {
    let pairs = |s: &str| -> Vec<(char, char)> {
        let chars: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
        if chars.len() == 1 {
            return vec![(chars[0], chars[0])];
        }
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (left, right) = (pairs(a), pairs(b));
    if left.is_empty() || right.is_empty() {
        return None;
    }
    let mut remaining = right.clone();
    let mut shared = 0usize;
    for pair in &left {
        if let Some(at) = remaining.iter().position(|p| p == pair) {
            remaining.swap_remove(at);
            shared += 1;
        }
    }
    let score = 2.0 * shared as f64 / (left.len() + right.len()) as f64;
    // A short input against a long text: measure against the input's own pairs too, so that a
    // mistyped name inside a long label still counts.
    let within = shared as f64 / left.len() as f64;
    let score = score.max(within * 0.9);
    (score >= FUZZY_PAIRS).then_some(score)
}

/// The display name of a class for tables: its prefixed name.
pub fn type_name(class: &NamedNode) -> String {
    namespaces::display_iri(class.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_width_and_separators() {
        assert_eq!(fold("  Ｑｉａｎｈａｉ  Zone "), "qianhai zone");
        assert_eq!(fold("visit-2023_middle-east"), "visit 2023 middle east");
        assert_eq!(fold("Xue’er"), "xue'er");
    }

    #[test]
    fn chinese_runs_are_words_of_their_own() {
        assert_eq!(words("前海 zone2前海"), ["前海", "zone2", "前海"]);
    }

    #[test]
    fn grades_follow_how_much_of_the_text_was_typed() {
        let grade = |input: &str, text: &str| Needle::new(input).grade(&fold(text)).map(|g| g.0);
        assert_eq!(grade("qatar", "Qatar"), Some(Grade::Exact));
        assert_eq!(
            grade("Qianhai", "Qianhai Shenzhen-Hong Kong"),
            Some(Grade::Prefix)
        );
        assert_eq!(
            grade("Hong Kong", "Qianhai Shenzhen-Hong Kong"),
            Some(Grade::Words)
        );
        assert_eq!(grade("anhai", "Qianhai"), Some(Grade::Substring));
        assert_eq!(
            grade("前海", "前海深港現代服務業合作區"),
            Some(Grade::Prefix)
        );
        assert_eq!(
            grade("深港", "前海深港現代服務業合作區"),
            Some(Grade::Words)
        );
        assert_eq!(grade("Kazakstan", "Kazakhstan"), Some(Grade::Fuzzy));
        assert_eq!(grade("哈萨克斯坦", "哈薩克斯坦"), Some(Grade::Fuzzy));
        assert_eq!(grade("Norway", "Kazakhstan"), None);
        assert_eq!(grade("Qian", "Qianhai"), Some(Grade::Substring));
    }
}
