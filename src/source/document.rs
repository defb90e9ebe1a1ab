//! A source document's identity, its metadata, and the TriG file of its passages.
//!
//! **Names.** A source has an id (`tkp-2026-07-excerpt`): lowercase ASCII letters, digits and
//! inner hyphens. Its document is `hkr:source-ID`, its passages `hkp:ID-pNNN` (NNN = the line of
//! its text where the passage starts, at least three digits), so two sources never share a passage
//! name. The bundled article came first, as `hkr:source-article`, with passages `hkp:pNNN`; it
//! keeps those names (every fact and claim of the data is filed under them), and its id
//! `article` alone names its passages without the id.
//!
//! **The file.** Passages and the document record are written in the graph `hkg:source` (the
//! metadata no passage states), by hand-formatted Turtle so that the bundled `data/source.trig` is
//! reproduced byte for byte.

use super::split::{Overrides, Split};
use crate::error::{Error, Result, Shown};
use crate::output::pretty::quoted as turtle_string;
use crate::rdf::datatype;
use crate::rdf::namespaces::{compact, HKP, HKR};
use oxigraph::model::{Literal, NamedNode};
use std::io::Write;

/// The id of the bundled article, whose passages are named `hkp:pNNN`.
pub const FIRST_ARTICLE: &str = "article";
const MAX_ID_LENGTH: usize = 64;

/// The prefixes every passages file declares (and the only ones its prefixed names use).
const PREFIXES: [(&str, &str); 8] = [
    ("dct", "http://purl.org/dc/terms/"),
    ("hk", "https://w3id.org/hkkg/ontology#"),
    ("hkg", "https://w3id.org/hkkg/graph/"),
    ("hkp", HKP),
    ("hkr", HKR),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// A source's id (see the module comment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceId(String);

impl SourceId {
    pub fn parse(id: &str) -> Result<Self> {
        let problem = if id.is_empty() {
            Some("it is empty")
        } else if id.len() > MAX_ID_LENGTH {
            Some("it is longer than 64 characters")
        } else if !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            Some("it may hold only lowercase ASCII letters, digits and hyphens")
        } else if !id.starts_with(|c: char| c.is_ascii_lowercase()) {
            Some("it must start with a letter")
        } else if id.ends_with('-') || id.contains("--") {
            Some("its hyphens must each stand between two letters or digits")
        } else {
            None
        };
        match problem {
            Some(problem) => Err(Error::SourceOption {
                option: "--id",
                message: format!(
                    "'{}' is not a source id: {problem} (for example tkp-2026-07-regional)",
                    Shown(id)
                ),
            }),
            None => Ok(Self(id.to_owned())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `hkr:source-ID`.
    pub fn document_iri(&self) -> String {
        format!("{HKR}source-{}", self.0)
    }

    /// The local name (after `hkp:`) of the passage that starts at `line`.
    pub fn passage_local(&self, line: usize) -> String {
        format!("{}{line:03}", self.passage_prefix())
    }

    /// What the local names of its passages start with (`p`, or `ID-p`).
    pub fn passage_prefix(&self) -> String {
        if self.is_first_article() {
            "p".to_owned()
        } else {
            format!("{}-p", self.0)
        }
    }

    pub fn passage_iri(&self, line: usize) -> String {
        format!("{HKP}{}", self.passage_local(line))
    }

    fn is_first_article(&self) -> bool {
        self.0 == FIRST_ARTICLE
    }
}

/// When a document was published, as precisely as it is known: a day (`xsd:date`), a month
/// (`xsd:gYearMonth`) or a year (`xsd:gYear`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub value: String,
    /// The local name of the XML Schema datatype.
    pub datatype: &'static str,
}

impl Issued {
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim();
        let shape: Vec<usize> = text.split('-').map(str::len).collect();
        let digits = text.bytes().all(|b| b.is_ascii_digit() || b == b'-');
        let datatype = match shape.as_slice() {
            [year] if digits && *year >= 4 => "gYear",
            [year, 2] if digits && *year >= 4 => "gYearMonth",
            [year, 2, 2] if digits && *year >= 4 => "date",
            _ => {
                return Err(Error::SourceOption {
                    option: "--date",
                    message: format!(
                        "'{}' is not a date: give the day (2026-07-15), the month (2026-07) or the year (2026)",
                        Shown(text)
                    ),
                })
            }
        };
        if let Some(reason) =
            datatype::invalid_reason(&format!("{}{datatype}", datatype::XSD), text)
        {
            return Err(Error::SourceOption {
                option: "--date",
                message: format!("'{text}' is not a valid xsd:{datatype}: {reason}"),
            });
        }
        Ok(Self {
            value: text.to_owned(),
            datatype,
        })
    }
}

/// A language tag as Turtle writes it after `@`, checked as BCP 47.
pub fn language_tag(tag: &str) -> Result<String> {
    let tag = tag.trim();
    Literal::new_language_tagged_literal("", tag).map_err(|e| Error::SourceOption {
        option: "--language",
        message: format!(
            "'{}' is not a language tag ({e}); the bundled article is zh-Hant",
            Shown(tag)
        ),
    })?;
    Ok(tag.to_owned())
}

/// Whether a language tag is English (en, en-GB, …).
pub fn is_english(tag: &str) -> bool {
    let lower = tag.to_ascii_lowercase();
    lower == "en" || lower.starts_with("en-")
}

/// What `hkkg source add` records of a document: metadata no passage states.
#[derive(Debug, Clone)]
pub struct DocumentRecord {
    /// In the document's language.
    pub title: String,
    pub english_title: Option<String>,
    pub publisher: NamedNode,
    pub authors: Vec<NamedNode>,
    pub issued: Issued,
}

/// Everything the passages file of one source says.
#[derive(Debug, Clone, Copy)]
pub struct PassagesFile<'a> {
    pub id: &'a SourceId,
    /// The text's file name in the data's `source/` folder (`hk:fileName`).
    pub file_name: &'a str,
    /// The language tag of the passages' text.
    pub language: &'a str,
    pub split: &'a Split,
    pub overrides: &'a Overrides,
    /// The document record, when this file holds it (the bundled article's is in data/documents.trig).
    pub record: Option<&'a DocumentRecord>,
}

impl PassagesFile<'_> {
    pub fn write(&self, out: &mut dyn Write) -> Result<()> {
        let text = self.trig();
        out.write_all(text.as_bytes()).map_err(Error::Output)
    }

    fn trig(&self) -> String {
        let id = self.id;
        let mut header = format!(
            "The source text {}, passage by passage: written by `hkkg source`, do not edit by hand. Each passage IRI hkp:{}NNN is named after the line of the text where it starts, and is also the name of the graph that holds the facts the passage states (see the other data files).",
            self.file_name,
            id.passage_prefix()
        );
        if self.record.is_some() {
            header.push_str(&format!(
                " {} is the document, as `hkkg source add` was told of it; the facts its text states go in the topic files, each in the graph of the passage that states it.",
                turtle_iri(&id.document_iri())
            ));
        }
        if !self.overrides.is_empty() {
            header.push_str(&format!(
                " Decided by hand, overriding the passage rules:{}{}{}.",
                lines_note("--join", &self.overrides.join),
                lines_note("--no-join", &self.overrides.no_join),
                lines_note("--keep", &self.overrides.keep)
            ));
        }
        let mut out = comment_lines(&header);
        out.push(String::new());
        out.extend(
            PREFIXES
                .iter()
                .map(|(prefix, namespace)| format!("@prefix {prefix}: <{namespace}> .")),
        );
        out.push(String::new());
        out.push("hkg:source {".to_owned());
        if let Some(record) = self.record {
            self.write_record(record, &mut out);
        }
        let document = turtle_iri(&id.document_iri());
        for (sequence, passage) in self.split.passages.iter().enumerate() {
            let start = passage.start;
            let (label_en, label_zh) = if id.is_first_article() {
                (
                    format!("passage at line {start}"),
                    format!("第{start}行段落"),
                )
            } else {
                (
                    format!("passage at line {start} of {}", id.as_str()),
                    format!("{}第{start}行段落", id.as_str()),
                )
            };
            out.extend([
                format!("    hkp:{} a hk:Passage ;", id.passage_local(start)),
                format!(
                    "        rdfs:label {}@en, {}@zh-Hant ;",
                    turtle_string(&label_en),
                    turtle_string(&label_zh)
                ),
                format!(
                    "        hk:text {}@{} ;",
                    turtle_string(&passage.text),
                    self.language
                ),
                format!("        hk:lineStart {start} ;"),
                format!("        hk:lineEnd {} ;", passage.end),
                format!("        hk:sequence {} ;", sequence + 1),
                format!("        dct:isPartOf {document} ."),
                String::new(),
            ]);
        }
        match out.last_mut() {
            Some(last) if last.is_empty() => *last = "}".to_owned(),
            _ => out.push("}".to_owned()),
        }
        out.join("\n") + "\n"
    }

    fn write_record(&self, record: &DocumentRecord, out: &mut Vec<String>) {
        let mut titles = vec![format!(
            "{}@{}",
            turtle_string(&record.title),
            self.language
        )];
        if let Some(english) = &record.english_title {
            titles.push(format!("{}@en", turtle_string(english)));
        }
        let titles = titles.join(", ");
        let mut authors: Vec<String> = record
            .authors
            .iter()
            .map(|a| turtle_iri(a.as_str()))
            .collect();
        authors.sort();
        authors.dedup();
        out.push(format!(
            "    {} a hk:SourceDocument ;",
            turtle_iri(&self.id.document_iri())
        ));
        out.push(format!("        rdfs:label {titles} ;"));
        if !authors.is_empty() {
            out.push(format!("        dct:creator {} ;", authors.join(", ")));
        }
        out.extend([
            format!(
                "        dct:issued {}^^xsd:{} ;",
                turtle_string(&record.issued.value),
                record.issued.datatype
            ),
            format!(
                "        dct:language {}^^xsd:language ;",
                turtle_string(self.language)
            ),
            format!(
                "        dct:publisher {} ;",
                turtle_iri(record.publisher.as_str())
            ),
            format!("        dct:title {titles} ;"),
            format!("        hk:fileName {} .", turtle_string(self.file_name)),
            String::new(),
        ]);
    }
}

/// `text` as comment lines of at most 100 characters, broken at spaces.
fn comment_lines(text: &str) -> Vec<String> {
    const WIDTH: usize = 100;
    let mut lines = Vec::new();
    let mut line = String::from("#");
    for word in text.split(' ') {
        if line.len() > 1 && line.chars().count() + 1 + word.chars().count() > WIDTH {
            lines.push(std::mem::replace(&mut line, String::from("#")));
        }
        line.push(' ');
        line.push_str(word);
    }
    lines.push(line);
    lines
}

fn lines_note(option: &str, lines: &std::collections::BTreeSet<usize>) -> String {
    lines
        .iter()
        .map(|line| format!(" {option} {line}"))
        .collect()
}

/// A prefixed name when the file declares the prefix and the local name needs no escape, else `<iri>`.
fn turtle_iri(iri: &str) -> String {
    match compact(iri) {
        Some((prefix, local)) if PREFIXES.iter().any(|(p, _)| *p == prefix) => {
            format!("{prefix}:{local}")
        }
        _ => format!("<{iri}>"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked_and_name_their_passages() {
        let id = SourceId::parse("tkp-2026-07").unwrap();
        assert_eq!(id.passage_local(7), "tkp-2026-07-p007");
        assert_eq!(id.passage_local(1234), "tkp-2026-07-p1234");
        assert_eq!(
            id.document_iri(),
            "https://w3id.org/hkkg/resource/source-tkp-2026-07"
        );
        assert_eq!(
            SourceId::parse("article").unwrap().passage_local(32),
            "p032"
        );
        for bad in ["", "Tkp", "7days", "a b", "a--b", "a-", "大公報"] {
            assert!(SourceId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_are_days_months_or_years_that_exist() {
        assert_eq!(Issued::parse("2026-07-15").unwrap().datatype, "date");
        assert_eq!(Issued::parse("2026-07").unwrap().datatype, "gYearMonth");
        assert_eq!(Issued::parse("2026").unwrap().datatype, "gYear");
        let error = Issued::parse("2026-02-30").unwrap_err().to_string();
        assert!(
            error.starts_with("--date: '2026-02-30' is not a valid xsd:date"),
            "{error}"
        );
        assert!(Issued::parse("2026-13").is_err());
        assert!(Issued::parse("15/07/2026").is_err());
        assert!(Issued::parse("July 2026").is_err());
    }

    #[test]
    fn literals_and_iris_are_written_safely() {
        assert_eq!(turtle_string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(turtle_iri(&format!("{HKR}ta-kung-pao")), "hkr:ta-kung-pao");
        assert_eq!(
            turtle_iri("http://www.wikidata.org/entity/Q1"),
            "<http://www.wikidata.org/entity/Q1>"
        );
        assert!(language_tag("zh-Hant").is_ok());
        assert!(language_tag("not a tag").is_err());
    }
}
