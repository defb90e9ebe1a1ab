//! The passages of a source text, by the rules the bundled article was cut by:
//!
//! * every line with text is a passage, named after the line where it starts;
//! * a photo caption (a line starting with ▲) is a passage of its own;
//! * a sentence the extraction broke across lines is one passage: a line goes on to the next line
//!   with text that is not a caption when it does not end a sentence (after any closing quote or
//!   bracket, it does not end with 。！？…, or . ! ?) and is prose — it states a sentence somewhere,
//!   or ends with a comma, enumeration comma, semicolon or colon — and that next line is prose
//!   too. Headings, list items and table rows state no sentence, so they are never joined;
//! * a line that repeats the end of the passage before it (the extraction duplicated the end of a
//!   paragraph, perhaps in pieces: it ends with the passage's last clause and each of its clauses
//!   is in the passage) is left out, when it states a sentence: a short heading that happens to
//!   end the way a passage ends is kept.
//!
//! Where the rules guess wrong, [`Overrides`] say otherwise line by line; an override the rules
//! make unnecessary, or that names a line it cannot apply to, is refused rather than ignored.

use super::text::{is_blank, is_caption, passage_text};
use crate::error::{Error, Result};
use std::collections::BTreeSet;

/// Sentence-final punctuation.
const SENTENCE_ENDS: &[char] = &['。', '！', '？', '…', '.', '!', '?'];
/// Closing quotes and brackets that may follow the end of a sentence.
const CLOSERS: &[char] = &[
    '」', '』', '）', '》', '〉', '】', '”', '’', ')', ']', '"', '\'',
];
/// Punctuation after which a sentence must go on.
const CONTINUING: &[char] = &['，', '、', '；', '：', ',', ';', ':'];

/// Decisions that override the rules, by 1-based line number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// These lines go on to the next line with text (not a caption), whatever the rules say.
    pub join: BTreeSet<usize>,
    /// These lines do not go on, though the rules would join them.
    pub no_join: BTreeSet<usize>,
    /// These lines are passages, though they repeat the end of the passage before them.
    pub keep: BTreeSet<usize>,
}

impl Overrides {
    pub fn is_empty(&self) -> bool {
        self.join.is_empty() && self.no_join.is_empty() && self.keep.is_empty()
    }
}

/// One passage: its first and last line (1-based) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A sentence broken across lines, made one passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Join {
    /// The lines whose text it joins, in order.
    pub lines: Vec<usize>,
    /// Captions between them, skipped.
    pub across: Vec<usize>,
    /// Joined because an override said so.
    pub forced: bool,
}

/// A line left out because it repeats the end of the passage before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub line: usize,
    /// The first line of the passage it repeats.
    pub repeats: usize,
}

/// The passages of a text and the decisions that made them, for people to review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// In the order of the text.
    pub passages: Vec<Passage>,
    pub joins: Vec<Join>,
    /// The lines that are photo captions.
    pub captions: Vec<usize>,
    pub duplicates: Vec<Duplicate>,
}

/// Cuts `lines` into passages (see the module comment).
pub fn split(lines: &[&str], overrides: &Overrides) -> Result<Split> {
    for (option, set) in [
        ("--join", &overrides.join),
        ("--no-join", &overrides.no_join),
        ("--keep", &overrides.keep),
    ] {
        if let Some(&line) = set.iter().find(|&&l| l == 0 || l > lines.len()) {
            return Err(option_error(
                option,
                format!(
                    "line {line} is not in the text (lines 1 to {})",
                    lines.len()
                ),
            ));
        }
    }
    if let Some(line) = overrides.join.intersection(&overrides.no_join).next() {
        return Err(option_error(
            "--join",
            format!("line {line} is also given to --no-join"),
        ));
    }
    let text_of = |line: usize| lines[line - 1];
    // The next line that can continue a sentence: one with text, not a caption.
    let continuation = |line: usize| {
        (line + 1..=lines.len()).find(|&l| !is_blank(text_of(l)) && !is_caption(text_of(l)))
    };
    let mut split = Split {
        passages: Vec::new(),
        joins: Vec::new(),
        captions: Vec::new(),
        duplicates: Vec::new(),
    };
    let mut consumed = vec![false; lines.len() + 1];
    let mut consulted: BTreeSet<usize> = BTreeSet::new();
    for start in 1..=lines.len() {
        let line = text_of(start);
        if is_blank(line) || consumed[start] {
            continue;
        }
        if is_caption(line) {
            split.captions.push(start);
            push(&mut split, lines, start, start)?;
            continue;
        }
        if let Some(previous) = split.passages.last() {
            if repeats_the_end_of(line, &previous.text) {
                if overrides.keep.contains(&start) {
                    consulted.insert(start);
                } else {
                    split.duplicates.push(Duplicate {
                        line: start,
                        repeats: previous.start,
                    });
                    continue;
                }
            }
        }
        let mut chain = vec![start];
        let mut end = start;
        let mut forced = false;
        while let Some(next) = continuation(end) {
            let by_rules = goes_on(text_of(end), text_of(next));
            let joined = if overrides.join.contains(&end) {
                consulted.insert(end);
                if by_rules {
                    return Err(option_error(
                        "--join",
                        format!("the rules already join line {end} to line {next}"),
                    ));
                }
                forced = true;
                true
            } else if overrides.no_join.contains(&end) {
                consulted.insert(end);
                if !by_rules {
                    return Err(option_error(
                        "--no-join",
                        format!("the rules do not join line {end} to line {next}; there is nothing to undo"),
                    ));
                }
                false
            } else {
                by_rules
            };
            if !joined {
                break;
            }
            consumed[next] = true;
            chain.push(next);
            end = next;
        }
        if chain.len() > 1 {
            let across = (start..end).filter(|&l| is_caption(text_of(l))).collect();
            split.joins.push(Join {
                lines: chain,
                across,
                forced,
            });
        }
        push(&mut split, lines, start, end)?;
    }
    for (option, set) in [
        ("--join", &overrides.join),
        ("--no-join", &overrides.no_join),
        ("--keep", &overrides.keep),
    ] {
        if let Some(&line) = set.iter().find(|l| !consulted.contains(l)) {
            return Err(option_error(
                option,
                unused_reason(option, line, lines, &split),
            ));
        }
    }
    Ok(split)
}

/// The decisions behind a split, for people to review: one indented line each for the joined
/// sentences, the captions and the lines left out.
pub fn decisions(split: &Split) -> String {
    let joins: Vec<String> = split
        .joins
        .iter()
        .map(|join| {
            let lines: Vec<String> = join.lines.iter().map(ToString::to_string).collect();
            let across = match join.across.as_slice() {
                [] => String::new(),
                [one] => format!(" (across the caption at line {one})"),
                many => format!(" (across the captions at lines {})", listed(many)),
            };
            let forced = if join.forced { " (--join)" } else { "" };
            format!("lines {}{across}{forced}", lines.join("+"))
        })
        .collect();
    let duplicates: Vec<String> = split
        .duplicates
        .iter()
        .map(|d| {
            format!(
                "line {} (repeats the passage at line {})",
                d.line, d.repeats
            )
        })
        .collect();
    format!(
        "  joined, a sentence broken across lines: {}\n  photo captions, passages of their own: {}\n  left out, repeating the end of the passage before: {}\n",
        or_none(&joins.join(", ")),
        or_none(&lines_listed(&split.captions)),
        or_none(&duplicates.join(", "))
    )
}

fn lines_listed(lines: &[usize]) -> String {
    match lines {
        [] => String::new(),
        [one] => format!("line {one}"),
        many => format!("lines {}", listed(many)),
    }
}

fn listed(lines: &[usize]) -> String {
    let lines: Vec<String> = lines.iter().map(ToString::to_string).collect();
    lines.join(", ")
}

fn or_none(text: &str) -> &str {
    if text.is_empty() {
        "none"
    } else {
        text
    }
}

fn push(split: &mut Split, lines: &[&str], start: usize, end: usize) -> Result<()> {
    // The rules only make ranges passage_text accepts; an error here is a bug, reported as one.
    let text = passage_text(lines, start, end).map_err(|reason| Error::SourceText {
        path: "passage rules".into(),
        position: None,
        message: format!("internal error: lines {start}-{end}: {reason}"),
    })?;
    split.passages.push(Passage { start, end, text });
    Ok(())
}

/// Why an override named a line the rules never asked about.
fn unused_reason(option: &str, line: usize, lines: &[&str], split: &Split) -> String {
    let text = lines[line - 1];
    if is_blank(text) {
        return format!("line {line} is blank");
    }
    if is_caption(text) {
        return format!("line {line} is a photo caption, a passage of its own");
    }
    if let Some(duplicate) = split.duplicates.iter().find(|d| d.line == line) {
        return format!(
            "line {line} repeats the end of the passage at line {} and is left out (--keep {line} keeps it)",
            duplicate.repeats
        );
    }
    match option {
        "--keep" => format!("line {line} does not repeat the end of the passage before it; there is nothing to keep"),
        _ => format!("no line with text other than a caption comes after line {line}"),
    }
}

fn option_error(option: &'static str, message: String) -> Error {
    Error::SourceOption { option, message }
}

/// Whether `line` does not end its sentence and `next` carries it on (see the module comment).
fn goes_on(line: &str, next: &str) -> bool {
    !ends_a_sentence(line)
        && (states_a_sentence(line) || line.trim_end().ends_with(CONTINUING))
        && states_a_sentence(next)
}

fn ends_a_sentence(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches(CLOSERS)
        .ends_with(SENTENCE_ENDS)
}

/// Prose: a sentence ends somewhere in the line. A full stop of Chinese ends one wherever it is; a
/// Latin full stop only before white space or a closing quote (not the point of "16.5").
fn states_a_sentence(line: &str) -> bool {
    if ends_a_sentence(line) {
        return true;
    }
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let ends = match c {
            '。' | '！' | '？' => true,
            '.' | '!' | '?' => chars
                .peek()
                .is_some_and(|n| n.is_whitespace() || CLOSERS.contains(n)),
            _ => false,
        };
        if ends {
            return true;
        }
    }
    false
}

/// Whether `line` repeats the end of `previous`: `previous` ends with the line's last clause (and
/// its punctuation), and each of its other clauses is in `previous` too (the extraction may repeat
/// a paragraph's end in pieces: line 131 of the bundled article is 「青年發展，」 and
/// 「有助吸引…機遇。」 of line 129).
fn repeats_the_end_of(line: &str, previous: &str) -> bool {
    let line = line.trim();
    let mine = clauses(line);
    let Some(last) = mine.last() else {
        return false;
    };
    let tail = line.rfind(last).map_or(line, |at| &line[at..]);
    states_a_sentence(line)
        && previous.trim_end().ends_with(tail)
        && mine.iter().all(|clause| previous.contains(clause))
}

/// The pieces of a text between punctuation marks.
fn clauses(text: &str) -> Vec<&str> {
    text.split(|c| SENTENCE_ENDS.contains(&c) || CONTINUING.contains(&c))
        .map(|clause| clause.trim().trim_matches(CLOSERS))
        .filter(|clause| !clause.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(lines: &[&str]) -> Vec<(usize, usize, String)> {
        cut_with(lines, &Overrides::default()).unwrap()
    }

    fn cut_with(lines: &[&str], overrides: &Overrides) -> Result<Vec<(usize, usize, String)>> {
        Ok(split(lines, overrides)?
            .passages
            .into_iter()
            .map(|p| (p.start, p.end, p.text))
            .collect())
    }

    fn lines_of(numbers: &[usize]) -> BTreeSet<usize> {
        numbers.iter().copied().collect()
    }

    #[test]
    fn a_sentence_broken_across_a_blank_line_is_one_passage() {
        let lines = ["第四，香港應發揮優勢，", "", "提升影響力。", "", "下一段。"];
        assert_eq!(
            cut(&lines),
            [
                (1, 3, "第四，香港應發揮優勢，提升影響力。".to_owned()),
                (5, 5, "下一段。".to_owned())
            ]
        );
        // Broken mid-word, after a sentence that ended: still prose, still joined.
        let lines = [
            "她指出，合作重要。低空飛行正是「軟聯通」",
            "",
            "的具體實踐。",
        ];
        assert_eq!(cut(&lines)[0].1, 3);
    }

    #[test]
    fn a_sentence_goes_on_across_a_caption_which_stays_a_passage() {
        let lines = [
            "雪兒指出，港人有需求。她建議推動互認，並",
            "",
            "▲雪兒表示，港人有需求。",
            "",
            "加強支援。",
        ];
        let split = split(&lines, &Overrides::default()).unwrap();
        assert_eq!(
            split.passages,
            [
                Passage {
                    start: 1,
                    end: 5,
                    text: "雪兒指出，港人有需求。她建議推動互認，並加強支援。".to_owned()
                },
                Passage {
                    start: 3,
                    end: 3,
                    text: "▲雪兒表示，港人有需求。".to_owned()
                }
            ]
        );
        assert_eq!(split.captions, [3]);
        assert_eq!(
            split.joins,
            [Join {
                lines: vec![1, 5],
                across: vec![3],
                forced: false
            }]
        );
    }

    #[test]
    fn headings_list_items_and_rows_are_never_joined() {
        let lines = [
            "區域合作發展要點",
            "",
            "- 加強科技創新合作",
            "訪問成果：達成13份合作協議。另有16.5億美元投資",
            "",
            "2026年出訪中亞",
            "",
            "灣區建設達縱深推進階段",
            "",
            "文件指出，合作潛力龐大。",
        ];
        let passages = cut(&lines);
        assert!(
            passages.iter().all(|(start, end, _)| start == end),
            "{passages:?}"
        );
        assert_eq!(passages.len(), 6);
    }

    #[test]
    fn a_repeated_last_sentence_is_left_out_but_a_short_heading_is_not() {
        let lines = [
            "張文榮提到，規劃強調促進青年發展，令他鼓舞，認為有助吸引香港青年把握機遇。",
            "",
            "青年發展，有助吸引香港青年把握機遇。",
            "",
            "- 深化合作",
            "合作",
        ];
        let split = split(&lines, &Overrides::default()).unwrap();
        assert_eq!(
            split.duplicates,
            [Duplicate {
                line: 3,
                repeats: 1
            }]
        );
        let starts: Vec<usize> = split.passages.iter().map(|p| p.start).collect();
        assert_eq!(starts, [1, 5, 6]);
        let kept = cut_with(
            &lines,
            &Overrides {
                keep: lines_of(&[3]),
                ..Overrides::default()
            },
        )
        .unwrap();
        assert_eq!(kept.len(), 4);
    }

    #[test]
    fn overrides_join_and_separate_lines() {
        // Broken before any punctuation: nothing tells the rules it is a sentence.
        let lines = ["他指出大灣區城市之間", "", "合作日益緊密。"];
        assert_eq!(cut(&lines).len(), 2, "the rules keep these apart");
        let joined = cut_with(
            &lines,
            &Overrides {
                join: lines_of(&[1]),
                ..Overrides::default()
            },
        )
        .unwrap();
        assert_eq!(
            joined,
            [(1, 3, "他指出大灣區城市之間合作日益緊密。".to_owned())]
        );
        let lines = ["他表示，", "", "合作重要。"];
        let apart = cut_with(
            &lines,
            &Overrides {
                no_join: lines_of(&[1]),
                ..Overrides::default()
            },
        )
        .unwrap();
        assert_eq!(apart.len(), 2);
    }

    #[test]
    fn overrides_that_cannot_apply_are_refused() {
        let lines = ["他表示，", "", "合作重要。", "", "▲說明。", "一句。"];
        let refused = |overrides: Overrides| cut_with(&lines, &overrides).unwrap_err().to_string();
        let join = |l: &[usize]| Overrides {
            join: lines_of(l),
            ..Overrides::default()
        };
        assert_eq!(
            refused(join(&[1])),
            "--join: the rules already join line 1 to line 3"
        );
        assert_eq!(refused(join(&[2])), "--join: line 2 is blank");
        assert_eq!(
            refused(join(&[5])),
            "--join: line 5 is a photo caption, a passage of its own"
        );
        assert_eq!(
            refused(join(&[6])),
            "--join: no line with text other than a caption comes after line 6"
        );
        assert_eq!(
            refused(join(&[9])),
            "--join: line 9 is not in the text (lines 1 to 6)"
        );
        assert_eq!(
            refused(Overrides {
                no_join: lines_of(&[3]),
                ..Overrides::default()
            }),
            "--no-join: the rules do not join line 3 to line 6; there is nothing to undo"
        );
        assert_eq!(
            refused(Overrides {
                keep: lines_of(&[6]),
                ..Overrides::default()
            }),
            "--keep: line 6 does not repeat the end of the passage before it; there is nothing to keep"
        );
    }

    #[test]
    fn english_sentences_broken_after_a_word_are_joined_with_a_space() {
        let lines = [
            "It is ready. The Chief Executive said the plan",
            "",
            "would help.",
            "Next steps",
        ];
        assert_eq!(
            cut(&lines),
            [
                (
                    1,
                    3,
                    "It is ready. The Chief Executive said the plan would help.".to_owned()
                ),
                (4, 4, "Next steps".to_owned())
            ]
        );
    }
}
