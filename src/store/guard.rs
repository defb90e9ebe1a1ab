//! Bounds on RDF/XML input, which oxigraph's RDF/XML parser does not have on its own.
//!
//! * Entity expansion: the parser expands `<!ENTITY>` definitions of the DOCTYPE, each in terms of
//!   the ones before, and copies an entity's value at every reference: ten nested entities of ten
//!   references each ("billion laughs") turn a 1 kB file into gigabytes. The guard reads the
//!   definitions as the parser does, computes each entity's expanded size without expanding it, and
//!   counts the bytes every reference in the document will produce; past a budget proportional to
//!   the input, the input is refused.
//! * Text without markup: the parser buffers character data until the next `<`, so an endless
//!   stream without one (`/dev/zero`) grows without bound. XML forbids the NUL character outright,
//!   and no RDF/XML document has megabytes of text without a tag.
//!
//! A violation is an I/O error carrying [`Violation`], with the byte offset where it happened.

use std::collections::HashMap;
use std::fmt;
use std::io::{self, BufRead, Read};

/// Longest run of character data without `<` or `>` accepted.
const MAX_TEXT_RUN: u64 = 64 * 1024 * 1024;
/// Largest prolog (XML declaration, comments, DOCTYPE) read before the root element.
const MAX_PROLOG: usize = 4 * 1024 * 1024;
/// Entity references may produce at most this many bytes, or `EXPANSION_FACTOR` times the input
/// read so far, whichever is larger.
const MIN_EXPANSION_BUDGET: u64 = 16 * 1024 * 1024;
const EXPANSION_FACTOR: u64 = 16;
/// Longest entity name looked up; a longer `&…;` is not a reference the parser would expand.
const MAX_ENTITY_NAME: usize = 256;

/// Why the guard refused the input, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Byte offset in the (decompressed) input.
    pub offset: u64,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Violation {}

/// Reads RDF/XML through, refusing input that would make the parser's memory grow without bound.
pub struct XmlGuard<R> {
    inner: R,
    /// The prolog, held back until the root element starts and the DOCTYPE has been read.
    held: Vec<u8>,
    held_from: usize,
    in_prolog: bool,
    /// Expanded size of each custom entity.
    entities: HashMap<String, u64>,
    offset: u64,
    text_run: u64,
    expanded: u64,
    /// The name of a reference being read (`&` seen, `;` not yet).
    reference: Option<String>,
}

impl<R: BufRead> XmlGuard<R> {
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            held: Vec::new(),
            held_from: 0,
            in_prolog: true,
            entities: HashMap::new(),
            offset: 0,
            text_run: 0,
            expanded: 0,
            reference: None,
        }
    }

    fn refuse(&self, offset: u64, message: String) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, Violation { offset, message })
    }

    /// Reads the prolog up to the root element's `<`, and the entity definitions in it.
    fn read_prolog(&mut self) -> io::Result<()> {
        loop {
            if let Some(end) = root_start(&self.held) {
                let prolog = String::from_utf8_lossy(&self.held[..end]).into_owned();
                self.entities = entity_sizes(&prolog);
                self.in_prolog = false;
                return Ok(());
            }
            if self.held.len() > MAX_PROLOG {
                return Err(self.refuse(
                    0,
                    format!(
                        "no root element in the first {} MiB: not RDF/XML",
                        MAX_PROLOG >> 20
                    ),
                ));
            }
            let chunk = self.inner.fill_buf()?;
            if chunk.is_empty() {
                // No root element at all: let the parser report the document as it sees it.
                self.in_prolog = false;
                return Ok(());
            }
            if let Some(nul) = chunk.iter().position(|&b| b == 0) {
                return Err(self.refuse(
                    (self.held.len() + nul) as u64,
                    "the NUL character is not allowed in XML".to_owned(),
                ));
            }
            let read = chunk.len();
            self.held.extend_from_slice(chunk);
            self.inner.consume(read);
        }
    }

    /// Checks bytes of the document body as they pass.
    fn scan(&mut self, bytes: &[u8]) -> io::Result<()> {
        for (index, &byte) in bytes.iter().enumerate() {
            let at = self.offset + index as u64;
            match byte {
                0 => {
                    return Err(
                        self.refuse(at, "the NUL character is not allowed in XML".to_owned())
                    )
                }
                b'<' | b'>' => self.text_run = 0,
                _ => {
                    self.text_run += 1;
                    if self.text_run > MAX_TEXT_RUN {
                        return Err(self.refuse(
                            at,
                            format!(
                                "more than {} MiB of text without markup",
                                MAX_TEXT_RUN >> 20
                            ),
                        ));
                    }
                }
            }
            if let Some(name) = &mut self.reference {
                if byte == b';' {
                    let size = self.entities.get(name.as_str()).copied().unwrap_or(0);
                    self.reference = None;
                    self.expanded += size;
                    let budget = MIN_EXPANSION_BUDGET.max(EXPANSION_FACTOR * at);
                    if self.expanded > budget {
                        return Err(self.refuse(
                            at,
                            format!(
                                "entity references expand to more than {} MiB (a \"billion laughs\" document?)",
                                budget >> 20
                            ),
                        ));
                    }
                } else if byte.is_ascii_whitespace() || name.len() >= MAX_ENTITY_NAME {
                    self.reference = None;
                } else {
                    name.push(char::from(byte));
                }
            } else if byte == b'&' {
                self.reference = Some(String::new());
            }
        }
        Ok(())
    }
}

impl<R: BufRead> Read for XmlGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.in_prolog {
            self.read_prolog()?;
        }
        let read = if self.held_from < self.held.len() {
            let available = &self.held[self.held_from..];
            let n = available.len().min(buf.len());
            buf[..n].copy_from_slice(&available[..n]);
            self.held_from += n;
            if self.held_from == self.held.len() {
                self.held = Vec::new();
                self.held_from = 0;
            }
            n
        } else {
            self.inner.read(buf)?
        };
        self.scan(&buf[..read])?;
        self.offset += read as u64;
        Ok(read)
    }
}

/// The byte index of the root element's `<` in `text`, once the prolog before it is complete.
fn root_start(text: &[u8]) -> Option<usize> {
    let mut at = 0;
    while at < text.len() {
        if text[at] != b'<' {
            at += 1;
            continue;
        }
        let rest = &text[at..];
        let skip_to = |end: &[u8]| find(rest, end).map(|position| at + position + end.len());
        at = if rest.starts_with(b"<?") {
            skip_to(b"?>")?
        } else if rest.starts_with(b"<!--") {
            skip_to(b"-->")?
        } else if rest.starts_with(b"<!DOCTYPE") {
            at + doctype_length(rest)?
        } else if rest.len() < 2 {
            return None;
        } else {
            return Some(at);
        };
    }
    None
}

/// The length of a complete `<!DOCTYPE …>`, with an internal subset in brackets, skipping quoted
/// text, or None while it is incomplete.
fn doctype_length(text: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote = None;
    for (index, &byte) in text.iter().enumerate() {
        match (quote, byte) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b'[') => depth += 1,
            (None, b']') => depth = depth.saturating_sub(1),
            (None, b'>') if depth == 0 => return Some(index + 1),
            _ => {}
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The expanded size of each `<!ENTITY name "value">` in the prolog, read as oxigraph's parser
/// reads them: a value may refer to entities defined before it.
fn entity_sizes(prolog: &str) -> HashMap<String, u64> {
    let mut sizes: HashMap<String, u64> = HashMap::new();
    for declaration in prolog.split('<').skip(1) {
        let Some(rest) = declaration.strip_prefix("!ENTITY") else {
            continue;
        };
        let rest = rest.trim_start();
        let rest = rest.strip_prefix('%').unwrap_or(rest).trim_start();
        let Some((name, rest)) = rest.split_once(|c: char| c.is_ascii_whitespace()) else {
            continue;
        };
        let Some(value) = rest
            .trim_start()
            .strip_prefix('"')
            .and_then(|v| v.split_once('"'))
            .map(|(value, _)| value)
        else {
            continue;
        };
        let size = expanded_size(value, &sizes);
        sizes.insert(name.to_owned(), size);
    }
    sizes
}

fn expanded_size(value: &str, sizes: &HashMap<String, u64>) -> u64 {
    let mut size = 0u64;
    let mut rest = value;
    while let Some(start) = rest.find('&') {
        size += start as u64;
        let after = &rest[start + 1..];
        match after.split_once(';') {
            Some((name, tail)) if sizes.contains_key(name) => {
                size = size.saturating_add(sizes[name]);
                rest = tail;
            }
            _ => {
                size += 1;
                rest = after;
            }
        }
    }
    size + rest.len() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &[u8]) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        XmlGuard::new(text).read_to_end(&mut out)?;
        Ok(out)
    }

    fn violation(error: io::Error) -> Violation {
        error
            .into_inner()
            .and_then(|e| e.downcast::<Violation>().ok())
            .map(|v| *v)
            .expect("a guard violation")
    }

    #[test]
    fn passes_ordinary_documents_through_unchanged() {
        let doc = b"<?xml version=\"1.0\"?>\n<!-- c -->\n<!DOCTYPE rdf:RDF [<!ENTITY ex \"http://e/\">]>\n<rdf:RDF a=\"&ex;\">x &amp; y</rdf:RDF>\n";
        assert_eq!(read_all(doc).unwrap(), doc);
    }

    #[test]
    fn refuses_billion_laughs() {
        let mut doc =
            String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n<!ENTITY l0 \"lol\">\n");
        for i in 1..10 {
            doc.push_str(&format!(
                "<!ENTITY l{i} \"{}\">\n",
                format!("&l{};", i - 1).repeat(10)
            ));
        }
        doc.push_str("]>\n<r>&l9;</r>\n");
        let error = violation(read_all(doc.as_bytes()).unwrap_err());
        assert!(error.message.contains("expand"), "{error}");
        assert_eq!(
            entity_sizes(&doc)["l9"],
            3 * 10u64.pow(9),
            "sizes are computed, not expanded"
        );
    }

    #[test]
    fn refuses_nul_bytes_and_endless_text() {
        let error = violation(read_all(b"<r>ab\0</r>").unwrap_err());
        assert_eq!(error.offset, 5);
        let error = violation(read_all(&[0u8; 16]).unwrap_err());
        assert_eq!(error.offset, 0);
    }
}
