//! The provenance checks: a fact's graph `hkp:…` must be a passage that has a record (an
//! `hk:Passage` with its text and lines), and a passage's `hk:text` must quote the lines of its
//! source text that it says it covers, by the rules of [`crate::source::text`].
//!
//! Passages are known from every file read, the context too (the bundled data when the user lints
//! their own files), so facts filed under a bundled passage are not reported. When no file read
//! records any passage at all, graph names are not checked: the data does not use hkkg's
//! passages, and every graph would be reported.
//!
//! **Where the texts are.** A document's `hk:fileName` names its text; it is looked for in each
//! `--sources DIR` first, then beside the file that states the `hk:fileName`, then in the
//! `source/` folder beside that file. That finds the bundled article (data/documents.trig names
//! data/source/000_….txt, read from the bundled files) and what `hkkg source add` writes
//! (DIR/source/ID.trig names DIR/source/ID.txt).

use super::{Pending, Severity};
use crate::error::Shown;
use crate::rdf::namespaces::{display_iri, HK, HKP};
use crate::rdf::suggest::closest;
use crate::source::text::{passage_text, SourceText};
use crate::store::locate::Anchor;
use crate::store::source::{Origin, Source};
use rio_api::model::{Literal, NamedNode, Subject, Term};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const DCT_IS_PART_OF: &str = "http://purl.org/dc/terms/isPartOf";

/// What one passage's statements say, gathered across files.
#[derive(Default)]
struct Record {
    typed: bool,
    /// Each text stated, with the source (index) that states it (one is right; the shapes say so).
    texts: Vec<(String, usize)>,
    start: Option<String>,
    end: Option<String>,
    document: Option<String>,
}

/// A document's `hk:fileName`, and the source (index) that states it.
struct Document {
    file_name: String,
    source: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    Graph,
    Reference,
}

#[derive(Default)]
pub(crate) struct Passages {
    records: HashMap<String, Record>,
    documents: HashMap<String, Document>,
    /// hkp: IRIs used as graph names or objects in linted files, first use per file.
    uses: Vec<(usize, String, Use)>,
    /// Per linted file, the hkp: IRIs already in `uses` (looked up without allocating: most
    /// statements are in a graph already seen).
    seen: Vec<HashSet<String>>,
}

impl Passages {
    /// Takes note of one statement of source `index`; `linted` sources also have their uses of
    /// passages checked.
    pub(crate) fn observe(
        &mut self,
        index: usize,
        linted: bool,
        graph: Option<&str>,
        subject: &Subject<'_>,
        predicate: &NamedNode<'_>,
        object: &Term<'_>,
    ) {
        if linted {
            if let Some(graph) = graph.filter(|g| g.starts_with(HKP)) {
                self.use_passage(index, graph, Use::Graph);
            }
            if let Term::NamedNode(o) = object {
                if o.iri.starts_with(HKP) {
                    self.use_passage(index, o.iri, Use::Reference);
                }
            }
        }
        let Subject::NamedNode(subject) = subject else {
            return;
        };
        if predicate.iri.strip_prefix(HK) == Some("fileName") {
            if let Term::Literal(Literal::Simple { value } | Literal::Typed { value, .. }) = object
            {
                self.documents
                    .entry(subject.iri.to_owned())
                    .or_insert_with(|| Document {
                        file_name: (*value).to_owned(),
                        source: index,
                    });
            }
            return;
        }
        if !subject.iri.starts_with(HKP) {
            return;
        }
        let record = self.records.entry(subject.iri.to_owned()).or_default();
        match (predicate.iri, object) {
            (RDF_TYPE, Term::NamedNode(class)) => {
                record.typed |= class.iri.strip_prefix(HK) == Some("Passage");
            }
            (DCT_IS_PART_OF, Term::NamedNode(document)) => {
                record
                    .document
                    .get_or_insert_with(|| document.iri.to_owned());
            }
            (property, Term::Literal(literal)) => {
                let value = match literal {
                    Literal::Simple { value }
                    | Literal::LanguageTaggedString { value, .. }
                    | Literal::Typed { value, .. } => *value,
                };
                let known =
                    |record: &Record| record.texts.iter().any(|(t, s)| t == value && *s == index);
                match property.strip_prefix(HK) {
                    Some("text") if !known(record) => {
                        record.texts.push((value.to_owned(), index));
                    }
                    Some("lineStart") => {
                        record.start.get_or_insert_with(|| value.to_owned());
                    }
                    Some("lineEnd") => {
                        record.end.get_or_insert_with(|| value.to_owned());
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    fn use_passage(&mut self, index: usize, iri: &str, kind: Use) {
        if self.seen.len() <= index {
            self.seen.resize_with(index + 1, HashSet::new);
        }
        if !self.seen[index].contains(iri) {
            self.seen[index].insert(iri.to_owned());
            self.uses.push((index, iri.to_owned(), kind));
        }
    }

    /// The findings, on linted sources only (the first `linted` of `all`). `text_dirs` are searched
    /// for the texts first.
    pub(crate) fn finish(
        self,
        all: &[&Source],
        linted: usize,
        text_dirs: &[PathBuf],
    ) -> Vec<Pending> {
        let mut pending = self.unknown_passages();
        pending.extend(self.misquoted_passages(all, linted, text_dirs));
        pending
    }

    fn unknown_passages(&self) -> Vec<Pending> {
        let known: Vec<&str> = self
            .records
            .iter()
            .filter(|(_, record)| record.typed)
            .map(|(iri, _)| &iri[HKP.len()..])
            .collect();
        if known.is_empty() {
            return Vec::new();
        }
        let mut pending = Vec::new();
        for (source, iri, kind) in &self.uses {
            if self.records.get(iri).is_some_and(|r| r.typed) {
                continue;
            }
            let local = &iri[HKP.len()..];
            let hint = closest(local, known.iter().copied())
                .first()
                .map(|best| format!(" — did you mean hkp:{best}?"))
                .unwrap_or_default();
            let message = match kind {
                Use::Graph => format!(
                    "graph {} is not a passage: no hk:Passage record has this IRI in the files read (a fact goes in the graph of the passage that states it){hint}",
                    display_iri(iri)
                ),
                Use::Reference => format!(
                    "{} is not a passage: no hk:Passage record has this IRI in the files read{hint}",
                    display_iri(iri)
                ),
            };
            pending.push(Pending {
                severity: Severity::Error,
                source: *source,
                anchor: Anchor::Iri(iri.clone()),
                code: "unknown-passage",
                message,
            });
        }
        pending
    }

    fn misquoted_passages(
        &self,
        all: &[&Source],
        linted: usize,
        text_dirs: &[PathBuf],
    ) -> Vec<Pending> {
        // The texts to check (those stated in linted files), by document, in a stable order.
        let mut by_document: BTreeMap<&str, Vec<(&str, &Record, &str, usize)>> = BTreeMap::new();
        for (iri, record) in &self.records {
            let Some(document) = &record.document else {
                continue;
            };
            for (text, source) in record.texts.iter().filter(|(_, s)| *s < linted) {
                by_document
                    .entry(document)
                    .or_default()
                    .push((iri, record, text, *source));
            }
        }
        let mut pending = Vec::new();
        for (document, mut texts) in by_document {
            texts.sort_by_key(|(iri, _, _, source)| (*iri, *source));
            let first_source = texts[0].3;
            let Some(declared) = self.documents.get(document) else {
                pending.push(Pending {
                    severity: Severity::Warning,
                    source: first_source,
                    anchor: Anchor::Iri(document.to_owned()),
                    code: "source-text",
                    message: format!(
                        "{} has no hk:fileName in the files read: the texts of its passages were not checked against its source",
                        display_iri(document),
                    ),
                });
                continue;
            };
            // Reported where the file name is written when that file is linted, else beside the passages.
            let report_in = if declared.source < linted {
                declared.source
            } else {
                first_source
            };
            let found = match find_text(all[declared.source], &declared.file_name, text_dirs) {
                Ok(found) => found,
                Err(problem) => {
                    pending.push(Pending {
                        severity: Severity::Error,
                        source: report_in,
                        anchor: Anchor::Iri(document.to_owned()),
                        code: "source-text",
                        message: format!(
                            "the text of {} (hk:fileName \"{}\") {problem}: its passages were not checked",
                            display_iri(document),
                            Shown(&declared.file_name),
                        ),
                    });
                    continue;
                }
            };
            let lines = found.text.lines();
            for (iri, record, text, source) in texts {
                if let Some(message) = misquote(iri, record, text, &lines, &found.name) {
                    pending.push(Pending {
                        severity: Severity::Error,
                        source,
                        anchor: Anchor::Iri(iri.to_owned()),
                        code: "passage-text",
                        message,
                    });
                }
            }
        }
        pending
    }
}

/// What is wrong with a passage's text, if anything. A missing or non-numeric line number is left
/// to the shapes and the literal checks.
fn misquote(iri: &str, record: &Record, text: &str, lines: &[&str], file: &str) -> Option<String> {
    let start: usize = record.start.as_ref()?.parse().ok()?;
    let end: usize = record.end.as_ref()?.parse().ok()?;
    let passage = display_iri(iri);
    let range = if start == end {
        format!("line {start}")
    } else {
        format!("lines {start}–{end}")
    };
    match passage_text(lines, start, end) {
        Err(reason) => Some(format!("{passage} covers {range} of {file}, but {reason}")),
        Ok(expected) if expected == text => None,
        Ok(expected) => Some(format!(
            "{passage}: hk:text does not quote {range} of {file}: {}",
            difference(text, &expected)
        )),
    }
}

/// Where two texts part, with a little of each around that point.
fn difference(record: &str, source: &str) -> String {
    const AROUND: usize = 12;
    let record: Vec<char> = record.chars().collect();
    let source: Vec<char> = source.chars().collect();
    let at = record
        .iter()
        .zip(&source)
        .take_while(|(a, b)| a == b)
        .count();
    let excerpt = |chars: &[char]| -> String {
        let from = at.saturating_sub(AROUND);
        let to = (at + AROUND).min(chars.len());
        let mut text: String = chars[from..to].iter().collect();
        if from > 0 {
            text.insert(0, '…');
        }
        if to < chars.len() {
            text.push('…');
        }
        Shown(&text).to_string()
    };
    format!(
        "from character {} the record reads «{}» where the text reads «{}»",
        at + 1,
        excerpt(&record),
        excerpt(&source)
    )
}

/// A source text found, with the name to report it by.
struct FoundText {
    name: String,
    text: SourceText,
}

/// Finds and reads the text `file_name` of a document declared in `declared_in` (see the module
/// comment for where it is looked for).
fn find_text(
    declared_in: &Source,
    file_name: &str,
    text_dirs: &[PathBuf],
) -> Result<FoundText, String> {
    if file_name.is_empty()
        || file_name.contains(['/', '\\'])
        || file_name == "."
        || file_name == ".."
    {
        return Err("is not a plain file name".to_owned());
    }
    let mut tried: Vec<String> = Vec::new();
    let given: Vec<PathBuf> = text_dirs.iter().map(|dir| dir.join(file_name)).collect();
    if let Some(found) = read_first(&given, &mut tried)? {
        return Ok(found);
    }
    match &declared_in.origin {
        Origin::Bundled(asset) => {
            let dir = asset.path.rsplit_once('/').map_or("", |(dir, _)| dir);
            for path in [
                format!("{dir}/{file_name}"),
                format!("{dir}/source/{file_name}"),
            ] {
                if let Some(bundled) = crate::assets::all().find(|a| a.path == path) {
                    let text =
                        SourceText::from_bytes(bundled.text.as_bytes().to_vec(), Path::new(&path))
                            .map_err(|e| format!("cannot be read: {e}"))?;
                    return Ok(FoundText { name: path, text });
                }
                tried.push(format!("the bundled {path}"));
            }
        }
        Origin::File(path) => {
            let dir = path.parent().unwrap_or(Path::new(""));
            let beside = [dir.join(file_name), dir.join("source").join(file_name)];
            if let Some(found) = read_first(&beside, &mut tried)? {
                return Ok(found);
            }
        }
        Origin::Stdin | Origin::Body(_) => {}
    }
    Err(format!(
        "is not found (looked for {}){}",
        tried.join(", "),
        if text_dirs.is_empty() {
            "; give the folder that holds it with --sources DIR"
        } else {
            ""
        }
    ))
}

/// Reads the first of `candidates` that exists, noting each one tried.
fn read_first(
    candidates: &[PathBuf],
    tried: &mut Vec<String>,
) -> Result<Option<FoundText>, String> {
    for candidate in candidates {
        if candidate.is_file() {
            let text = SourceText::read(candidate).map_err(|e| format!("cannot be read: {e}"))?;
            return Ok(Some(FoundText {
                name: candidate.display().to_string(),
                text,
            }));
        }
        tried.push(candidate.display().to_string());
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::difference;

    #[test]
    fn differences_show_where_the_texts_part() {
        assert_eq!(
            difference("出訪時間：2023年2月5日", "出訪時間：2023年2月4日-11日"),
            "from character 13 the record reads «出訪時間：2023年2月5日» where the text reads «出訪時間：2023年2月4日-11日»"
        );
    }
}
