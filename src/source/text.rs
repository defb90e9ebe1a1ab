//! A source text as hkkg reads it: UTF-8 plain text, one paragraph, heading or caption per line,
//! and what a passage covering some of its lines must say.
//!
//! The same reading serves `hkkg source` (which makes the passages) and `hkkg lint` (which checks
//! them), so the two can never disagree on what a line is: a byte-order mark is not part of line 1,
//! a line ends at `\n` or `\r\n`, and a line is blank when it holds only white space (U+3000, the
//! ideographic space, included).

use crate::error::{Error, Position, Result};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A source text longer than this is not an article; reading it whole is then refused.
pub const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;

/// Lines starting with one of these are photo captions: passages of their own, never part of a
/// sentence that the extraction broke around them.
pub const CAPTION_MARKERS: &[char] = &['▲'];

/// A validated source text: UTF-8 without control characters other than tab and line ends.
#[derive(Debug, Clone)]
pub struct SourceText {
    text: String,
}

impl SourceText {
    /// Reads and validates the text file at `path`.
    pub fn read(path: &Path) -> Result<Self> {
        let io_error = |source| Error::Io {
            path: path.to_owned(),
            error: source,
        };
        let file = File::open(path).map_err(io_error)?;
        let mut bytes = Vec::new();
        file.take(MAX_TEXT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io_error)?;
        if bytes.len() as u64 > MAX_TEXT_BYTES {
            return Err(Error::InputTooLarge {
                what: format!("the source text {}", path.display()),
                limit: MAX_TEXT_BYTES,
            });
        }
        Self::from_bytes(bytes, path)
    }

    /// Validates `bytes` as a source text; `path` names it in errors.
    pub fn from_bytes(bytes: Vec<u8>, path: &Path) -> Result<Self> {
        let text = String::from_utf8(bytes).map_err(|error| {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            // The prefix is valid UTF-8 by definition of valid_up_to.
            let before = std::str::from_utf8(valid).unwrap_or_default();
            text_error(
                path,
                before,
                "the text is not UTF-8; save it as UTF-8 plain text",
            )
        })?;
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let line_end =
                c == '\n' || (c == '\r' && chars.peek().is_some_and(|(_, n)| *n == '\n'));
            if c.is_control() && c != '\t' && !line_end {
                return Err(text_error(
                    path,
                    &text[..at],
                    &format!(
                        "control character {} in the text; a source text is plain text, one paragraph a line",
                        c.escape_unicode()
                    ),
                ));
            }
        }
        Ok(Self { text })
    }

    /// The lines, without their line ends; line N is `lines()[N - 1]`.
    pub fn lines(&self) -> Vec<&str> {
        self.text
            .strip_prefix('\u{feff}')
            .unwrap_or(&self.text)
            .lines()
            .collect()
    }

    /// The text exactly as read.
    pub fn as_bytes(&self) -> &[u8] {
        self.text.as_bytes()
    }
}

fn text_error(path: &Path, before: &str, message: &str) -> Error {
    let line = before.matches('\n').count() as u64 + 1;
    let column = before
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count() as u64
        + 1;
    Error::SourceText {
        path: PathBuf::from(path),
        position: Some(Position { line, column }),
        message: message.to_owned(),
    }
}

/// A line with nothing but white space.
pub fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// A photo caption (see [`CAPTION_MARKERS`]).
pub fn is_caption(line: &str) -> bool {
    line.trim_start().starts_with(CAPTION_MARKERS)
}

/// Why a line range cannot be a passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeError {
    /// The range starts or ends past the last line.
    PastEnd { line: usize, lines: usize },
    /// The last line comes before the first.
    Reversed,
    /// A passage cannot start or end on a blank line.
    Blank(usize),
    /// Only a passage's first line may be a caption: a caption inside a range is its own passage.
    EndsOnCaption(usize),
}

impl std::fmt::Display for RangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::PastEnd { line, lines } => {
                write!(f, "line {line} is past the end of the text ({lines} lines)")
            }
            Self::Reversed => write!(f, "its last line comes before its first"),
            Self::Blank(line) => write!(f, "line {line} is blank"),
            Self::EndsOnCaption(line) => {
                write!(f, "line {line} is a photo caption, a passage of its own")
            }
        }
    }
}

/// What a passage covering lines `start..=end` (1-based) says: its first line, then each later
/// line with text that is not a photo caption, as one sentence the extraction broke. Blank lines
/// and captions in between are skipped; they are not part of the sentence.
pub fn passage_text(lines: &[&str], start: usize, end: usize) -> Result<String, RangeError> {
    for line in [start, end] {
        if line == 0 || line > lines.len() {
            return Err(RangeError::PastEnd {
                line,
                lines: lines.len(),
            });
        }
    }
    if end < start {
        return Err(RangeError::Reversed);
    }
    for line in [start, end] {
        if is_blank(lines[line - 1]) {
            return Err(RangeError::Blank(line));
        }
    }
    if end > start && is_caption(lines[end - 1]) {
        return Err(RangeError::EndsOnCaption(end));
    }
    let mut text = lines[start - 1].to_owned();
    for line in &lines[start..end] {
        if !is_blank(line) && !is_caption(line) {
            text.push_str(separator(&text, line));
            text.push_str(line);
        }
    }
    Ok(text)
}

/// What goes between two pieces of a broken sentence: nothing in Chinese and Japanese (and next to
/// their punctuation), nothing where either side already has white space, a space otherwise (an
/// English sentence broken after a word).
fn separator(before: &str, after: &str) -> &'static str {
    match (before.chars().next_back(), after.chars().next()) {
        (Some(a), Some(b))
            if !a.is_whitespace() && !b.is_whitespace() && !unspaced(a) && !unspaced(b) =>
        {
            " "
        }
        _ => "",
    }
}

/// Characters of scripts written without spaces between words, and their punctuation.
fn unspaced(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{303f}'      // CJK radicals, ideographic description, CJK symbols and punctuation
        | '\u{3040}'..='\u{30ff}'    // hiragana, katakana
        | '\u{3100}'..='\u{312f}'    // bopomofo
        | '\u{3190}'..='\u{31ff}'
        | '\u{3400}'..='\u{4dbf}'    // CJK extension A
        | '\u{4e00}'..='\u{9fff}'    // CJK unified ideographs
        | '\u{f900}'..='\u{faff}'    // CJK compatibility ideographs
        | '\u{fe30}'..='\u{fe4f}'    // CJK compatibility forms
        | '\u{ff00}'..='\u{ffef}'    // full-width forms (，：；！？)
        | '\u{20000}'..='\u{3134f}') // CJK extensions B–G
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> Result<SourceText> {
        SourceText::from_bytes(bytes.to_vec(), Path::new("t.txt"))
    }

    #[test]
    fn lines_ignore_a_byte_order_mark_and_crlf() {
        let text = text("\u{feff}一\r\n\r\n二\n".as_bytes()).unwrap();
        assert_eq!(text.lines(), ["一", "", "二"]);
    }

    #[test]
    fn invalid_utf8_and_control_characters_are_located() {
        let error = text(b"ok\nab\xff").unwrap_err().to_string();
        assert_eq!(
            error,
            "t.txt:2:3: the text is not UTF-8; save it as UTF-8 plain text"
        );
        let error = text("一\n二\u{0}".as_bytes()).unwrap_err().to_string();
        assert!(
            error.starts_with("t.txt:2:2: control character \\u{0}"),
            "{error}"
        );
        let error = text(b"a\rb").unwrap_err().to_string();
        assert!(
            error.starts_with("t.txt:1:2: control character \\u{d}"),
            "{error}"
        );
        assert!(text(b"tab\there\r\n").is_ok());
    }

    #[test]
    fn broken_sentences_are_joined_around_blank_lines_and_captions() {
        let lines = ["他表示，", "", "▲圖片說明。", "", "合作重要。"];
        assert_eq!(passage_text(&lines, 1, 5).unwrap(), "他表示，合作重要。");
        assert_eq!(passage_text(&lines, 3, 3).unwrap(), "▲圖片說明。");
        let english = ["The plan is", "", "ambitious."];
        assert_eq!(
            passage_text(&english, 1, 3).unwrap(),
            "The plan is ambitious."
        );
    }

    #[test]
    fn impossible_ranges_say_why() {
        let lines = ["一。", "", "▲二。"];
        assert_eq!(
            passage_text(&lines, 1, 4),
            Err(RangeError::PastEnd { line: 4, lines: 3 })
        );
        assert_eq!(passage_text(&lines, 1, 2), Err(RangeError::Blank(2)));
        assert_eq!(
            passage_text(&lines, 1, 3),
            Err(RangeError::EndsOnCaption(3))
        );
        assert_eq!(passage_text(&lines, 3, 1), Err(RangeError::Reversed));
    }
}
