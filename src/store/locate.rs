//! Finds where something is written in a source, as line:column. The streaming parsers do not
//! report where each triple came from, so when lint or the loader has something to report, one more
//! streaming pass over the source looks for every reported term as it can be written there
//! (`<iri>`, `prefix:local`, `"literal"`) with a single Aho-Corasick automaton: one pass whatever the
//! number of findings. A parser that reports only a byte offset (RDF/XML) is located the same way.

use super::source::Source;
use crate::error::{Error, Position, Result};
use aho_corasick::AhoCorasick;
use std::collections::HashMap;
use std::io::{BufRead, Read};

const MAX_LINE: u64 = 64 * 1024 * 1024;

/// Where a finding is in its file.
#[derive(Debug, Clone)]
pub enum Anchor {
    /// The first occurrence of this IRI, however the file spells it.
    Iri(String),
    /// The first occurrence of any of these spellings, at a token boundary.
    Spellings(Vec<String>),
    /// The first use of an undeclared prefix, `prefix:` not preceded by a name character.
    Prefix(String),
    /// A parser position: 0-based line and byte within the line.
    LineByte { line: u64, byte: u64 },
    /// A byte offset from the start of the (decompressed) text.
    Offset(u64),
}

/// How a term can be spelled in a file with these prefix declarations.
fn spellings(iri: &str, prefixes: &HashMap<String, String>) -> Vec<String> {
    let mut spelled = vec![format!("<{iri}>")];
    for (prefix, namespace) in prefixes {
        if let Some(local) = iri.strip_prefix(namespace.as_str()) {
            if !local.is_empty() {
                spelled.push(format!("{prefix}:{local}"));
            }
        }
    }
    spelled
}

/// The spellings of a literal's lexical form in either quote style.
pub fn literal_spellings(value: &str) -> Vec<String> {
    vec![format!("\"{value}\""), format!("'{value}'")]
}

/// The 1-based position of each anchor in `source`, None where it cannot be found (for instance a
/// literal written with escapes).
pub fn locate(
    source: &Source,
    anchors: &[&Anchor],
    prefixes: &HashMap<String, String>,
) -> Result<Vec<Option<Position>>> {
    let mut found: Vec<Option<Position>> = vec![None; anchors.len()];
    let mut patterns = Vec::new();
    let mut owners = Vec::new();
    let mut by_line: HashMap<u64, Vec<(usize, u64)>> = HashMap::new();
    let mut by_offset: Vec<(u64, usize)> = Vec::new();
    // Patterns that are a prefix followed by ':' need a boundary before them only.
    let mut prefix_patterns = Vec::new();
    for (index, anchor) in anchors.iter().enumerate() {
        match anchor {
            Anchor::Iri(iri) => {
                for spelling in spellings(iri, prefixes) {
                    patterns.push(spelling);
                    owners.push(index);
                }
            }
            Anchor::Spellings(spellings) => {
                for spelling in spellings {
                    patterns.push(spelling.clone());
                    owners.push(index);
                }
            }
            Anchor::Prefix(prefix) => {
                prefix_patterns.push(patterns.len());
                patterns.push(format!("{prefix}:"));
                owners.push(index);
            }
            Anchor::LineByte { line, byte } => {
                by_line.entry(*line).or_default().push((index, *byte))
            }
            Anchor::Offset(offset) => by_offset.push((*offset, index)),
        }
    }
    // Offsets are resolved in increasing order as the lines go by.
    by_offset.sort_unstable_by(|a, b| b.cmp(a));
    let automaton = AhoCorasick::new(&patterns).map_err(|e| Error::Store(e.to_string()))?;
    let mut line_start = 0u64;
    let mut unresolved = anchors.len();
    let mut reader = source.open()?;
    let mut line = Vec::new();
    let mut number = 0u64;
    while unresolved > 0 {
        line.clear();
        // A line longer than this is searched in pieces, so memory stays bounded on any input.
        let read = (&mut reader)
            .take(MAX_LINE)
            .read_until(b'\n', &mut line)
            .map_err(|e| source.io_error(e))?;
        if read == 0 {
            break;
        }
        let line_end = line_start + read as u64;
        while let Some(&(offset, index)) = by_offset.last() {
            if offset >= line_end {
                break;
            }
            by_offset.pop();
            let byte = usize::try_from(offset.saturating_sub(line_start)).unwrap_or(usize::MAX);
            found[index] = Some(position(number, &line, byte.min(line.len())));
            unresolved -= 1;
        }
        line_start = line_end;
        for (index, byte) in by_line.remove(&number).unwrap_or_default() {
            let byte = usize::try_from(byte).unwrap_or(usize::MAX).min(line.len());
            found[index] = Some(position(number, &line, byte));
            unresolved -= 1;
        }
        // A comment line may quote a term (`# hk:foo was renamed`); the finding is in the data.
        let is_comment = line.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'#');
        for hit in automaton
            .find_overlapping_iter(&line)
            .filter(|_| !is_comment)
        {
            let pattern = hit.pattern().as_usize();
            let owner = owners[pattern];
            let bounded = if prefix_patterns.contains(&pattern) {
                hit.start() == 0 || !is_name_byte(line[hit.start() - 1])
            } else {
                at_token_boundary(&line, hit.start(), hit.end())
            };
            if found[owner].is_none() && bounded {
                found[owner] = Some(position(number, &line, hit.start()));
                unresolved -= 1;
            }
        }
        number += 1;
    }
    Ok(found)
}

fn position(line_index: u64, line: &[u8], byte: usize) -> Position {
    Position {
        line: line_index + 1,
        column: String::from_utf8_lossy(&line[..byte]).chars().count() as u64 + 1,
    }
}

/// A prefixed name must not be part of a longer name: `hk:Visit` inside `hk:VisitLeg` is not it.
fn at_token_boundary(line: &[u8], start: usize, end: usize) -> bool {
    let name_byte = is_name_byte;
    let before_ok = start == 0 || !name_byte(line[start - 1]);
    let after_ok = match line.get(end) {
        None => true,
        // A '.' continues a local name only when a name character follows it.
        Some(b'.') => !line.get(end + 1).is_some_and(|&b| name_byte(b)),
        Some(&b) => !name_byte(b),
    };
    before_ok && after_ok
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80 || matches!(b, b'_' | b'-' | b':' | b'/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_whole_tokens_only() {
        let line = b"x hk:VisitLeg hk:Visit.";
        assert!(!at_token_boundary(line, 2, 10));
        assert!(at_token_boundary(line, 14, 22));
    }
}
