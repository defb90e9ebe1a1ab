//! `hkkg source add`: a new article into a data directory DIR, as two files side by side that a
//! reviewer reads together:
//!
//! * `DIR/source/ID.txt`, the text exactly as given;
//! * `DIR/source/ID.trig`, generated: the document record (`hkr:source-ID`, with what no passage
//!   states: title, publisher, date, authors, language, file name) and its passages, in the graph
//!   `hkg:source`.
//!
//! The facts the text states are written by hand afterwards, in the topic files, in the graphs of
//! their passages. Both files are written beside their targets and renamed into place together
//! (output::sink), so a failure leaves neither. An id already used — its files exist, or the data
//! loaded already has its document — is refused unless `force` (and never when the other document
//! is not this source's own file: the bundled article cannot be replaced from a data directory);
//! so is a text that is already the text of another source.

use super::document::{is_english, language_tag, DocumentRecord, Issued, PassagesFile, SourceId};
use super::split::{self, Overrides, Split};
use super::text::SourceText;
use crate::assets;
use crate::error::{Error, Result};
use crate::output::sink;
use crate::query::entity::Lookup;
use crate::query::search::SearchIndex;
use crate::rdf::namespaces::{display_iri, HK, RDF};
use crate::store::source::{rdf_files_under, Input};
use crate::store::{KnowledgeGraph, LoadOptions};
use oxigraph::model::{NamedNode, NamedNodeRef, Term};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What `hkkg source add` is asked.
#[derive(Debug, Clone)]
pub struct AddRequest {
    /// The article as plain UTF-8 text.
    pub text: PathBuf,
    pub id: String,
    /// The data directory; the files go in its `source/` folder.
    pub into: PathBuf,
    /// An IRI, prefixed name or label of the publisher.
    pub publisher: String,
    /// YYYY-MM-DD, YYYY-MM or YYYY.
    pub date: String,
    /// In the article's language; the first passage (the headline) when None.
    pub title: Option<String>,
    pub english_title: Option<String>,
    /// IRIs, prefixed names or labels.
    pub authors: Vec<String>,
    /// The language tag of the text.
    pub language: String,
    pub overrides: Overrides,
    /// Replace the source of this id, or add a text another source already has.
    pub force: bool,
    /// What else to read to resolve the publisher and authors and to find sources already there
    /// (the bundled data, --data); the RDF files already in `into` are read too.
    pub load: LoadOptions,
}

/// What `add` did.
#[derive(Debug, Clone)]
pub struct Added {
    pub id: SourceId,
    pub split: Split,
    pub text_file: PathBuf,
    pub passages_file: PathBuf,
    /// The source existed and was replaced (`force`).
    pub replaced: bool,
    /// Publisher and authors, named by IRI, that no data describes yet.
    pub undescribed: Vec<NamedNode>,
}

pub fn add(request: &AddRequest) -> Result<Added> {
    let id = SourceId::parse(&request.id)?;
    let language = language_tag(&request.language)?;
    let issued = Issued::parse(&request.date)?;
    if request.english_title.is_some() && is_english(&language) {
        return Err(Error::SourceOption {
            option: "--english-title",
            message: format!("the text is in English ({language}): give its title with --title"),
        });
    }
    let text = SourceText::read(&request.text)?;
    let lines = text.lines();
    let split = split::split(&lines, &request.overrides)?;
    if request
        .title
        .as_deref()
        .is_some_and(|t| t.trim().is_empty())
        || request
            .english_title
            .as_deref()
            .is_some_and(|t| t.trim().is_empty())
    {
        return Err(Error::SourceOption {
            option: "--title",
            message: "a title cannot be empty".to_owned(),
        });
    }
    let Some(first) = split.passages.first() else {
        return Err(Error::SourceText {
            path: request.text.clone(),
            position: None,
            message: "the text has no line with text, so no passage".to_owned(),
        });
    };
    let folder = request.into.join("source");
    let file_name = format!("{}.txt", id.as_str());
    let text_file = folder.join(&file_name);
    let passages_file = folder.join(format!("{}.trig", id.as_str()));

    let graph = load_others(request, &passages_file)?;
    let document = NamedNode::new_unchecked(id.document_iri());
    let replaced = text_file.exists() || passages_file.exists();
    // Added to the repository's data/ earlier and built in since: the bundled copy is this very
    // file, which --force may replace.
    let built_in_copy = passages_file.exists()
        && request.load.bundled
        && assets::all().any(|a| a.path == format!("data/source/{}.trig", id.as_str()));
    if !built_in_copy {
        refuse_taken_document(&graph, document.as_ref(), &id)?;
    }
    if replaced && !request.force {
        let existing: Vec<String> = [&text_file, &passages_file]
            .into_iter()
            .filter(|f| f.exists())
            .map(|f| f.display().to_string())
            .collect();
        return Err(Error::SourceConflict {
            message: format!(
                "source '{}' is already in {}: {}; --force replaces its text and passages (facts already filed under its passages stay where they are: `hkkg lint` then reports those whose passage is gone), or choose another --id",
                id.as_str(),
                request.into.display(),
                existing.join(", ")
            ),
        });
    }
    if !request.force {
        if let Some(same) = same_text_elsewhere(&text, &folder, &text_file, request.load.bundled)? {
            return Err(Error::SourceConflict {
                message: format!(
                    "{} is already the text of {same}; --force adds it again under '{}'",
                    request.text.display(),
                    id.as_str()
                ),
            });
        }
    }

    let index = SearchIndex::build(&graph);
    let lookup = Lookup::new(&graph, &index);
    let publisher = agent(&lookup, &request.publisher, "--publisher")?;
    let authors = request
        .authors
        .iter()
        .map(|author| agent(&lookup, author, "--author"))
        .collect::<Result<Vec<_>>>()?;
    let mut undescribed: Vec<NamedNode> = std::iter::once(&publisher)
        .chain(&authors)
        .filter(|node| !graph.describes(node.as_ref().into()))
        .cloned()
        .collect();
    undescribed.sort();
    undescribed.dedup();

    let record = DocumentRecord {
        title: request
            .title
            .as_deref()
            .unwrap_or(&first.text)
            .trim()
            .to_owned(),
        english_title: request
            .english_title
            .as_deref()
            .map(|t| t.trim().to_owned()),
        publisher,
        authors,
        issued,
    };
    let file = PassagesFile {
        id: &id,
        file_name: &file_name,
        language: &language,
        split: &split,
        overrides: &request.overrides,
        record: Some(&record),
    };
    fs::create_dir_all(&folder).map_err(|source| Error::Io {
        path: folder.clone(),
        error: source,
    })?;
    sink::write_pair(&text_file, &passages_file, |text_out, passages_out| {
        text_out.write_all(text.as_bytes()).map_err(Error::Output)?;
        file.write(passages_out)
    })?;
    Ok(Added {
        id,
        split,
        text_file,
        passages_file,
        replaced,
        undescribed,
    })
}

impl Added {
    /// What was written and decided, and what to do next.
    pub fn write_summary(&self, into: &Path, out: &mut dyn Write) -> Result<()> {
        let passages = &self.split.passages;
        let name = |line: usize| format!("hkp:{}", self.id.passage_local(line));
        let mut text = format!(
            "{} source '{}': {}, {} passage(s), {} … {}\n",
            if self.replaced { "replaced" } else { "added" },
            self.id.as_str(),
            display_iri(&self.id.document_iri()),
            passages.len(),
            passages.first().map_or_else(String::new, |p| name(p.start)),
            passages.last().map_or_else(String::new, |p| name(p.start)),
        );
        text.push_str(&format!(
            "  wrote {} (the text as given) and {} (the document record and passages, graph hkg:source)\n",
            self.text_file.display(),
            self.passages_file.display()
        ));
        text.push_str(&split::decisions(&self.split));
        if !self.undescribed.is_empty() {
            let names: Vec<String> = self
                .undescribed
                .iter()
                .map(|n| display_iri(n.as_str()))
                .collect();
            text.push_str(&format!(
                "  not described by any data yet: {} (describe each, with labels in zh-Hant and English, in the graph of the passage that names it)\n",
                names.join(", ")
            ));
        }
        let dir = into.display();
        text.push_str(&format!(
            "next: file each fact the text states in the graph of its passage (hkp:{}NNN) in a topic file of {dir}, then\n  hkkg --data {dir} lint {dir} && hkkg --data {dir} validate\n",
            self.id.passage_prefix(),
        ));
        out.write_all(text.as_bytes()).map_err(Error::Output)
    }
}

/// The data as loaded for this source: what the request loads, with the RDF files already in the
/// data directory except this source's own passages file (which `force` replaces).
fn load_others(request: &AddRequest, own: &Path) -> Result<KnowledgeGraph> {
    let mut options = request.load.clone();
    if request.into.is_dir() {
        options.inputs.extend(
            rdf_files_under(&request.into)?
                .into_iter()
                .filter(|(file, _)| file != own)
                .map(|(file, _)| Input::new(&file, None)),
        );
    }
    KnowledgeGraph::load(&options)
}

/// The document IRI must be free: not a source document of other data, nor any other entity.
fn refuse_taken_document(
    graph: &KnowledgeGraph,
    document: NamedNodeRef<'_>,
    id: &SourceId,
) -> Result<()> {
    let rdf_type = NamedNode::new_unchecked(format!("{RDF}type"));
    let source_document = format!("{HK}SourceDocument");
    let types: Vec<String> = graph
        .quads_for_pattern(Some(document.into()), Some(rdf_type.as_ref()), None, None)
        .flatten()
        .filter_map(|quad| match quad.object {
            Term::NamedNode(class) => Some(class.into_string()),
            _ => None,
        })
        .collect();
    let Some(class) = types.first() else {
        return Ok(());
    };
    let what = if types.contains(&source_document) {
        "a source document".to_owned()
    } else {
        format!("an entity of the data ({})", display_iri(class))
    };
    Err(Error::SourceConflict {
        message: format!(
            "{} is already {what} in the data loaded (the bundled data, --data, or another file of the data directory), which `source add` does not replace; choose another --id than '{}'",
            display_iri(document.as_str()),
            id.as_str()
        ),
    })
}

/// Another source whose text is byte for byte this one: a `.txt` in the data directory's `source/`
/// folder, or a bundled source text.
fn same_text_elsewhere(
    text: &SourceText,
    folder: &Path,
    own: &Path,
    bundled: bool,
) -> Result<Option<String>> {
    if bundled {
        if let Some(asset) = assets::under(&["data"])
            .find(|a| a.path.ends_with(".txt") && a.text.as_bytes() == text.as_bytes())
        {
            return Ok(Some(format!("the bundled {}", asset.path)));
        }
    }
    let Ok(entries) = fs::read_dir(folder) else {
        return Ok(None);
    };
    let mut candidates: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt") && p != own)
        .collect();
    candidates.sort();
    for candidate in candidates {
        let same = fs::metadata(&candidate).is_ok_and(|m| m.len() == text.as_bytes().len() as u64)
            && fs::read(&candidate).map_err(|source| Error::Io {
                path: candidate.clone(),
                error: source,
            })? == text.as_bytes();
        if same {
            return Ok(Some(candidate.display().to_string()));
        }
    }
    Ok(None)
}

/// A publisher or author: an entity the data has (by IRI or label), or a new one named by IRI.
fn agent(lookup: &Lookup<'_>, input: &str, option: &'static str) -> Result<NamedNode> {
    lookup.resolve_or_new(input).map_err(|error| Error::SourceOption {
        option,
        message: format!(
            "{error}; a label must be one the data has: name {} the data does not describe yet by its IRI (hkr:…)",
            if option == "--publisher" { "a publisher" } else { "an author" }
        ),
    })
}
