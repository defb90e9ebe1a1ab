//! SPARQL text as tokens, for what the parsed algebra no longer knows: where a term is written
//! (advice points at it), which prefixes a query uses (a standalone query declares them), where its
//! WHERE group opens (a VALUES block goes there), and what a person got wrong when the parser
//! refuses the text.
//!
//! The parser (spargebra, through rust-peg) reports the furthest place it reached and a sample of
//! the token classes it would have taken there ("expected one of LATERAL, SERVICE, [_]"), which
//! says little to a person. [`explain`] looks at the text itself first — a string never closed, a
//! prefix nobody declared, a word that is no SPARQL keyword, brackets that do not pair — and
//! otherwise says in words what the place needs (the object of a triple, an expression, a number).

use crate::error::Shown;
use crate::rdf::namespaces::PREFIXES;
use crate::rdf::suggest::closest;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A bare word: a keyword, a function name, `a`, `true`.
    Word,
    /// `prefix:local` (the local part may be empty: `hk:` in a PREFIX line).
    PrefixedName,
    Variable,
    Iri,
    /// A quoted string; `closed` is false when the text ends first.
    String {
        closed: bool,
    },
    Number,
    /// `@en` after a string.
    LangTag,
    BlankNode,
    /// Punctuation and operators: `{ } ( ) [ ] . ; , * = != < <= && ||` …
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: Kind,
    pub text: &'a str,
    /// Byte offset in the query text.
    pub offset: usize,
}

impl<'a> Token<'a> {
    fn is(&self, punct: &str) -> bool {
        self.kind == Kind::Punct && self.text == punct
    }

    fn is_word(&self, word: &str) -> bool {
        self.kind == Kind::Word && self.text.eq_ignore_ascii_case(word)
    }

    /// The prefix of a prefixed name (`hk` of `hk:Visit`).
    pub fn prefix(&self) -> Option<&'a str> {
        (self.kind == Kind::PrefixedName).then(|| self.text.split_once(':').map_or("", |p| p.0))
    }

    /// Whether the token can be a subject, predicate or object of a triple.
    fn is_term(&self) -> bool {
        matches!(
            self.kind,
            Kind::PrefixedName
                | Kind::Variable
                | Kind::Iri
                | Kind::String { .. }
                | Kind::Number
                | Kind::BlankNode
        ) || self.is_word("a")
            || self.is_word("true")
            || self.is_word("false")
    }
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-' || c == '\u{B7}'
}

/// The tokens of `text`, comments left out. Never fails: what it cannot read is punctuation.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let rest = &text[at..];
        let start = at;
        let kind = if c.is_whitespace() {
            at += c.len_utf8();
            continue;
        } else if c == '#' {
            at += rest.find('\n').unwrap_or(rest.len());
            continue;
        } else if c == '<' && iri_end(rest).is_some() {
            at += iri_end(rest).expect("checked");
            Kind::Iri
        } else if c == '"' || c == '\'' {
            let (length, closed) = string_end(rest, c);
            at += length;
            Kind::String { closed }
        } else if (c == '?' || c == '$') && rest[1..].starts_with(is_name_char) {
            at += 1 + name_length(&rest[1..]);
            Kind::Variable
        } else if c == '@' && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            at += 1 + rest[1..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(rest.len() - 1);
            Kind::LangTag
        } else if let Some(label) = rest.strip_prefix("_:") {
            at += 2 + name_length(label);
            Kind::BlankNode
        } else if c.is_ascii_digit()
            || (c == '.' && rest[1..].starts_with(|c: char| c.is_ascii_digit()))
        {
            at += number_length(rest);
            Kind::Number
        } else if is_name_start(c) || c == ':' {
            let name = if c == ':' { 0 } else { name_length(rest) };
            if rest[name..].starts_with(':') {
                at += name + 1 + local_length(&rest[name + 1..]);
                Kind::PrefixedName
            } else {
                at += name;
                Kind::Word
            }
        } else {
            let two = rest.get(..2).unwrap_or("");
            at += if ["&&", "||", "!=", "<=", ">=", "^^"].contains(&two) {
                2
            } else {
                c.len_utf8()
            };
            Kind::Punct
        };
        tokens.push(Token {
            kind,
            text: &text[start..at],
            offset: start,
        });
    }
    tokens
}

/// The length of an IRI reference `<…>` at the start of `text`, if it is one (a comparison
/// `?a < ?b` has a space).
fn iri_end(text: &str) -> Option<usize> {
    let inner = &text[1..];
    let end = inner.find(|c: char| c == '>' || c <= ' ' || "<\"{}|^`\\".contains(c))?;
    inner[end..].starts_with('>').then_some(end + 2)
}

/// The length of the string opening `text` with `quote`, and whether it is closed.
fn string_end(text: &str, quote: char) -> (usize, bool) {
    let long: String = std::iter::repeat_n(quote, 3).collect();
    let (open, close) = if text.starts_with(&long) {
        (3, long.as_str())
    } else {
        (1, &text[..1])
    };
    let mut at = open;
    while at < text.len() {
        let rest = &text[at..];
        if let Some(escaped) = rest.strip_prefix('\\') {
            at += 1 + escaped.chars().next().map_or(0, char::len_utf8);
        } else if rest.starts_with(close) {
            return (at + close.len(), true);
        } else if open == 1 && rest.starts_with('\n') {
            return (at, false);
        } else {
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    (text.len(), false)
}

fn name_length(text: &str) -> usize {
    let end = text.find(|c: char| !is_name_char(c) && c != '.');
    let name = &text[..end.unwrap_or(text.len())];
    name.trim_end_matches('.').len()
}

fn local_length(text: &str) -> usize {
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        if c == '\\' {
            at += 1 + text[at + 1..].chars().next().map_or(0, char::len_utf8);
        } else if c == '%' || c == ':' || c == '.' || is_name_char(c) {
            at += c.len_utf8();
        } else {
            break;
        }
    }
    text[..at].trim_end_matches('.').len()
}

fn number_length(text: &str) -> usize {
    let mut at = 0;
    let bytes = text.as_bytes();
    let digits = |at: &mut usize| {
        while *at < bytes.len() && bytes[*at].is_ascii_digit() {
            *at += 1;
        }
    };
    digits(&mut at);
    if at < bytes.len() && bytes[at] == b'.' && bytes.get(at + 1).is_some_and(u8::is_ascii_digit) {
        at += 1;
        digits(&mut at);
    }
    if at < bytes.len() && (bytes[at] == b'e' || bytes[at] == b'E') {
        let mut exponent = at + 1;
        if exponent < bytes.len() && (bytes[exponent] == b'+' || bytes[exponent] == b'-') {
            exponent += 1;
        }
        if bytes.get(exponent).is_some_and(u8::is_ascii_digit) {
            at = exponent;
            digits(&mut at);
        }
    }
    at
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |n| n + 1)..]
        .chars()
        .count()
        + 1;
    (line as u64, column as u64)
}

/// The byte offset of a 1-based line and column.
fn offset_of(text: &str, line: u64, column: u64) -> usize {
    let mut offset = 0;
    for _ in 1..line {
        match text[offset..].find('\n') {
            Some(n) => offset += n + 1,
            None => return text.len(),
        }
    }
    let line_text = &text[offset..];
    offset
        + line_text
            .char_indices()
            .nth(usize::try_from(column).unwrap_or(1).saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i)
}

/// The prefixes the query declares with `PREFIX p: <…>`.
pub fn declared_prefixes<'a>(tokens: &[Token<'a>]) -> Vec<&'a str> {
    tokens
        .windows(2)
        .filter(|pair| pair[0].is_word("PREFIX"))
        .filter_map(|pair| pair[1].prefix())
        .collect()
}

/// The prefixes of the prefixed names the query writes (its PREFIX lines left out), each once,
/// in order of first use.
pub fn used_prefixes<'a>(tokens: &[Token<'a>]) -> Vec<&'a str> {
    let mut used: Vec<&str> = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        let declaration = index > 0 && tokens[index - 1].is_word("PREFIX");
        if let Some(prefix) = token.prefix().filter(|_| !declaration) {
            if !used.contains(&prefix) {
                used.push(prefix);
            }
        }
    }
    used
}

/// The byte offset just after the `{` that opens the query's WHERE group: after the prologue and
/// the query form (a CONSTRUCT template is skipped; brackets inside the projection, such as
/// `EXISTS { … }` in a SELECT expression, are inside parentheses).
pub fn where_group_start(text: &str) -> Option<usize> {
    let tokens = tokens(text);
    let form = tokens.iter().position(|t| {
        ["SELECT", "CONSTRUCT", "ASK", "DESCRIBE"]
            .iter()
            .any(|k| t.is_word(k))
    })?;
    let mut at = form + 1;
    if tokens[form].is_word("CONSTRUCT") && tokens.get(at).is_some_and(|t| t.is("{")) {
        // The template: skip to its closing brace.
        let mut depth = 0usize;
        while let Some(token) = tokens.get(at) {
            if token.is("{") {
                depth += 1;
            } else if token.is("}") {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            at += 1;
        }
        at += 1;
    }
    let mut parentheses = 0usize;
    for token in &tokens[at.min(tokens.len())..] {
        match token.text {
            "(" if token.kind == Kind::Punct => parentheses += 1,
            ")" if token.kind == Kind::Punct => parentheses = parentheses.saturating_sub(1),
            "{" if token.kind == Kind::Punct && parentheses == 0 => return Some(token.offset + 1),
            _ => {}
        }
    }
    None
}

/// The first place `term` is written in the query (as a prefixed name or `<IRI>`), as 1-based
/// line and column.
pub fn find_term(text: &str, tokens: &[Token<'_>], iri: &str) -> Option<(u64, u64)> {
    let compact = crate::rdf::namespaces::compact(iri).map(|(p, l)| format!("{p}:{l}"));
    tokens
        .iter()
        .find(|token| match token.kind {
            Kind::Iri => &token.text[1..token.text.len() - 1] == iri,
            Kind::PrefixedName => compact.as_deref() == Some(token.text),
            _ => false,
        })
        .map(|token| line_column(text, token.offset))
}

/// The words of SPARQL 1.1 (query and update) and its functions, in upper case.
const KEYWORDS: &[&str] = &[
    "BASE",
    "PREFIX",
    "SELECT",
    "CONSTRUCT",
    "DESCRIBE",
    "ASK",
    "DISTINCT",
    "REDUCED",
    "AS",
    "FROM",
    "NAMED",
    "WHERE",
    "ORDER",
    "BY",
    "ASC",
    "DESC",
    "LIMIT",
    "OFFSET",
    "VALUES",
    "UNDEF",
    "GROUP",
    "HAVING",
    "OPTIONAL",
    "GRAPH",
    "SERVICE",
    "SILENT",
    "BIND",
    "UNION",
    "MINUS",
    "FILTER",
    "EXISTS",
    "NOT",
    "IN",
    "A",
    "TRUE",
    "FALSE",
    "LATERAL",
    "STR",
    "LANG",
    "LANGMATCHES",
    "DATATYPE",
    "BOUND",
    "IRI",
    "URI",
    "BNODE",
    "RAND",
    "ABS",
    "CEIL",
    "FLOOR",
    "ROUND",
    "CONCAT",
    "STRLEN",
    "UCASE",
    "LCASE",
    "ENCODE_FOR_URI",
    "CONTAINS",
    "STRSTARTS",
    "STRENDS",
    "STRBEFORE",
    "STRAFTER",
    "YEAR",
    "MONTH",
    "DAY",
    "HOURS",
    "MINUTES",
    "SECONDS",
    "TIMEZONE",
    "TZ",
    "NOW",
    "UUID",
    "STRUUID",
    "MD5",
    "SHA1",
    "SHA256",
    "SHA384",
    "SHA512",
    "COALESCE",
    "IF",
    "STRLANG",
    "STRDT",
    "SAMETERM",
    "ISIRI",
    "ISURI",
    "ISBLANK",
    "ISLITERAL",
    "ISNUMERIC",
    "REGEX",
    "SUBSTR",
    "REPLACE",
    "COUNT",
    "SUM",
    "MIN",
    "MAX",
    "AVG",
    "SAMPLE",
    "GROUP_CONCAT",
    "SEPARATOR",
    "ADJUST",
    "LOAD",
    "CLEAR",
    "DROP",
    "ADD",
    "MOVE",
    "COPY",
    "CREATE",
    "INSERT",
    "DELETE",
    "DATA",
    "WITH",
    "USING",
    "DEFAULT",
    "ALL",
    "INTO",
    "TO",
];

/// The keywords that begin a query, after its PREFIX and BASE lines.
const QUERY_FORMS: &[&str] = &["SELECT", "CONSTRUCT", "ASK", "DESCRIBE"];

/// A syntax error restated for a person: where, and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    pub line: u64,
    pub column: u64,
    pub message: String,
}

/// Explains the parser's error `detail` at `line`:`column` of `text`.
pub fn explain(text: &str, line: u64, column: u64, detail: &str) -> Explained {
    let tokens = tokens(text);
    let error_offset = offset_of(text, line, column);
    let at = |offset: usize, message: String| {
        let (line, column) = line_column(text, offset);
        Explained {
            line,
            column,
            message,
        }
    };
    let declared = declared_prefixes(&tokens);
    // The token the error falls in counts as before it: rust-peg reports the end of a bad name.
    let before = tokens
        .iter()
        .take_while(|t| t.offset <= error_offset)
        .count();
    for (index, token) in tokens[..before].iter().enumerate() {
        match token.kind {
            Kind::String { closed: false } => {
                return at(
                    token.offset,
                    "this string is never closed: end it with the same quote it opens with"
                        .to_owned(),
                )
            }
            Kind::PrefixedName => {
                let prefix = token.prefix().unwrap_or_default();
                let declaration = index > 0 && tokens[index - 1].is_word("PREFIX");
                if !declaration
                    && !declared.contains(&prefix)
                    && !PREFIXES.iter().any(|(p, _)| *p == prefix)
                {
                    return at(token.offset, unknown_prefix(prefix));
                }
            }
            Kind::Word if !KEYWORDS.iter().any(|k| token.text.eq_ignore_ascii_case(k)) => {
                let after = index.checked_sub(1).map(|i| &tokens[i]);
                let message = match after.filter(|t| t.is_word("LIMIT") || t.is_word("OFFSET")) {
                    Some(keyword) => format!(
                        "{} needs a whole number, found '{}'",
                        keyword.text.to_uppercase(),
                        Shown(token.text)
                    ),
                    None => unknown_word(token.text, &tokens[..index]),
                };
                return at(token.offset, message);
            }
            _ => {}
        }
    }
    if let Some(explained) = unpaired_bracket(text, &tokens) {
        return explained;
    }
    // The token the error falls in; or a closing bracket or '.' that ends just there (the parser
    // reports the place after a `}` that came too early).
    let next = tokens.get(before.saturating_sub(1)).filter(|t| {
        let end = t.offset + t.text.len().max(1);
        (t.offset <= error_offset && error_offset < end)
            || (end == error_offset && (t.is("}") || t.is(")") || t.is(".")))
    });
    let (offset, found) = match next.or(tokens.get(before)) {
        Some(token) => (token.offset, format!("'{}'", Shown(token.text))),
        None => (text.trim_end().len(), "the end of the query".to_owned()),
    };
    let index = tokens
        .iter()
        .position(|t| t.offset >= offset)
        .unwrap_or(tokens.len());
    let message = expected_here(&tokens[..index], detail)
        .map(|needed| format!("{needed}, found {found}"))
        .unwrap_or_else(|| format!("{found} cannot come here{}", listed(detail)));
    at(offset, message)
}

/// "unknown prefix 'hx:' — did you mean hk:? (hkkg declares: dct, …)"
pub fn unknown_prefix(prefix: &str) -> String {
    let prefix = &Shown(prefix).to_string();
    let known: Vec<&str> = PREFIXES.iter().map(|(p, _)| *p).collect();
    // Prefixes are short: edits (a swapped pair counts as one) tell "rdsf" from rdf and rdfs
    // better than likeness does; among equals, the one of the same length.
    let typed = prefix.to_lowercase();
    let suggestion = known
        .iter()
        .map(|p| {
            let edits = strsim::damerau_levenshtein(&typed, p);
            (edits, typed.len().abs_diff(p.len()), *p)
        })
        .filter(|(edits, _, p)| *edits <= 2 && *edits < p.len())
        .min()
        .map(|(_, _, p)| format!(" — did you mean {p}:?"))
        .unwrap_or_default();
    format!(
        "unknown prefix '{prefix}:'{suggestion} (hkkg declares: {}; declare others with PREFIX {prefix}: <…>)",
        known.join(", ")
    )
}

fn unknown_word(word: &str, before: &[Token<'_>]) -> String {
    let word = &Shown(word).to_string();
    let form_seen = before
        .iter()
        .any(|t| QUERY_FORMS.iter().any(|k| t.is_word(k)));
    let candidates: &[&str] = if form_seen { KEYWORDS } else { QUERY_FORMS };
    let suggestion = closest(word, candidates.iter().copied())
        .first()
        .map(|k| format!(" — did you mean {k}?"))
        .unwrap_or_default();
    if form_seen {
        format!("'{word}' is not a SPARQL keyword{suggestion} (a name needs a prefix, hk:{word}, or angle brackets, <…>)")
    } else {
        format!("a query begins with SELECT, CONSTRUCT, ASK or DESCRIBE (after any PREFIX and BASE lines), not '{word}'{suggestion}")
    }
}

/// The first bracket that closes nothing or the wrong thing, or that is never closed.
fn unpaired_bracket(text: &str, tokens: &[Token<'_>]) -> Option<Explained> {
    let mut open: Vec<&Token<'_>> = Vec::new();
    let place = |token: &Token<'_>| {
        let (line, column) = line_column(text, token.offset);
        format!("{line}:{column}")
    };
    let explained = |token: &Token<'_>, message: String| {
        let (line, column) = line_column(text, token.offset);
        Some(Explained {
            line,
            column,
            message,
        })
    };
    for token in tokens.iter().filter(|t| t.kind == Kind::Punct) {
        let pair = match token.text {
            "{" | "(" | "[" => {
                open.push(token);
                continue;
            }
            "}" => "{",
            ")" => "(",
            "]" => "[",
            _ => continue,
        };
        match open.pop() {
            None => {
                return explained(
                    token,
                    format!(
                        "this '{}' closes nothing: there is no '{pair}' open",
                        token.text
                    ),
                )
            }
            Some(opener) if opener.text != pair => {
                return explained(
                    token,
                    format!(
                        "this '{}' cannot close the '{}' opened at {}: close that first with '{}'",
                        token.text,
                        opener.text,
                        place(opener),
                        closer(opener.text)
                    ),
                )
            }
            Some(_) => {}
        }
    }
    let opener = open.first()?;
    explained(
        opener,
        format!(
            "this '{}' is never closed: add '{}' where it ends",
            opener.text,
            closer(opener.text)
        ),
    )
}

fn closer(opener: &str) -> &'static str {
    match opener {
        "{" => "}",
        "(" => ")",
        _ => "]",
    }
}

/// What the place after `before` needs, in words, judged from the tokens before it (and from
/// the parser's sample of what it expected).
fn expected_here(before: &[Token<'_>], detail: &str) -> Option<String> {
    let last = before.last()?;
    let previous = before.len().checked_sub(2).map(|i| &before[i]);
    if last.is_word("BY") && previous.is_some_and(|p| p.is_word("ORDER") || p.is_word("GROUP")) {
        return Some(format!(
            "{} BY needs what to {}: a variable or an expression in parentheses",
            previous.expect("checked").text.to_uppercase(),
            if previous.expect("checked").is_word("ORDER") {
                "sort on"
            } else {
                "group on"
            }
        ));
    }
    if last.is_word("LIMIT") || last.is_word("OFFSET") {
        return Some(format!("{} needs a whole number", last.text.to_uppercase()));
    }
    let empty_projection = before.windows(2).any(|pair| {
        (pair[0].is_word("SELECT") || pair[0].is_word("DISTINCT") || pair[0].is_word("REDUCED"))
            && (pair[1].is_word("WHERE") || pair[1].is("{") || pair[1].is_word("FROM"))
    });
    if empty_projection
        || last.is_word("SELECT")
        || last.is_word("DISTINCT")
        || last.is_word("REDUCED")
    {
        return Some(
            "SELECT needs the variables to return (?x ?y, or (expression AS ?name)), or *"
                .to_owned(),
        );
    }
    if last.is_word("WHERE") {
        return Some("WHERE needs a group pattern in braces: { … }".to_owned());
    }
    if last.is_word("FILTER") {
        return Some(
            "FILTER needs a condition in parentheses, FILTER(?x > 3), or a function call"
                .to_owned(),
        );
    }
    if is_expression_context(before) || mentions_functions(detail) {
        return Some(
            "expected an expression: a variable, a value (\"text\", 3, true), an IRI, or a function call such as STR(?x)"
                .to_owned(),
        );
    }
    // Inside a group: count the terms of the triple pattern being written.
    let since = before
        .iter()
        .rev()
        .take_while(|t| !(t.is("{") || t.is("}") || t.is(".") || t.is(";") || t.is(",")))
        .filter(|t| t.is_term())
        .count();
    let after = before
        .iter()
        .rev()
        .find(|t| t.is("{") || t.is("}") || t.is(".") || t.is(";") || t.is(","));
    if after.is_some_and(|t| t.is(";")) && since < 2 {
        return Some(
            "after ';' comes another predicate and object of the same subject (or leave out the ';')"
                .to_owned(),
        );
    }
    if after.is_some_and(|t| t.is(",")) && since == 0 {
        return Some("after ',' comes another object of the same subject and predicate".to_owned());
    }
    match since {
        1 if after.is_some_and(|t| t.is("{") || t.is(".")) => Some(
            "this triple pattern has only a subject: a triple is subject, predicate, object"
                .to_owned(),
        ),
        2 if after.is_some_and(|t| t.is("{") || t.is(".")) => {
            Some("this triple pattern has no object: a triple is subject, predicate, object".to_owned())
        }
        3 if after.is_some_and(|t| t.is("{") || t.is(".")) => Some(
            "expected '.' (the next pattern), ';' (another predicate), ',' (another object) or '}' (the end of the group)"
                .to_owned(),
        ),
        _ => None,
    }
}

/// Whether the last tokens leave an operator or an opening parenthesis waiting for an operand.
fn is_expression_context(before: &[Token<'_>]) -> bool {
    let Some(last) = before.last() else {
        return false;
    };
    let open_call = last.is("(")
        && before.len() >= 2
        && matches!(before[before.len() - 2].kind, Kind::Word)
        && !before[before.len() - 2].is_word("VALUES");
    open_call
        || [
            "&&", "||", "=", "!=", "<", ">", "<=", ">=", "+", "*", "/", "!",
        ]
        .iter()
        .any(|op| last.is(op))
}

fn mentions_functions(detail: &str) -> bool {
    ["STR,", "ABS,", "STRLEN", "isLITERAL", "STRSTARTS"]
        .iter()
        .any(|f| detail.contains(f))
}

/// The keywords and punctuation of the parser's "expected one of …", without the character
/// classes, as a tail: " (expected BY)".
fn listed(detail: &str) -> String {
    let list = detail
        .strip_prefix("expected one of ")
        .or_else(|| detail.strip_prefix("expected "))
        .unwrap_or("");
    let items: Vec<String> = list
        .split(", ")
        .map(str::trim)
        .filter(|item| {
            !item.is_empty()
                && !item.starts_with('[')
                && !item.starts_with('\'')
                && !item.contains('\n')
                && item.chars().count() < 20
        })
        .map(|item| match item.trim_matches('"') {
            "{" => "'{' (a group)".to_owned(),
            "}" => "'}' (the end of the group)".to_owned(),
            "." => "'.'".to_owned(),
            other if item.starts_with('"') => format!("'{other}'"),
            other => other.to_owned(),
        })
        .collect();
    if items.is_empty() {
        String::new()
    } else {
        format!(" (expected {})", items.join(" or "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        tokens(text).into_iter().map(|t| (t.kind, t.text)).collect()
    }

    #[test]
    fn tokens_tell_names_iris_strings_and_comparisons_apart() {
        assert_eq!(
            kinds("?x hk:p <http://e/x> . # c\nFILTER(?a < ?b && \"s\\\"\"@en)"),
            [
                (Kind::Variable, "?x"),
                (Kind::PrefixedName, "hk:p"),
                (Kind::Iri, "<http://e/x>"),
                (Kind::Punct, "."),
                (Kind::Word, "FILTER"),
                (Kind::Punct, "("),
                (Kind::Variable, "?a"),
                (Kind::Punct, "<"),
                (Kind::Variable, "?b"),
                (Kind::Punct, "&&"),
                (Kind::String { closed: true }, "\"s\\\"\""),
                (Kind::LangTag, "@en"),
                (Kind::Punct, ")"),
            ]
        );
        assert_eq!(kinds("hkr:a.")[0], (Kind::PrefixedName, "hkr:a"));
        assert_eq!(kinds("3.5e2 .")[0], (Kind::Number, "3.5e2"));
    }

    #[test]
    fn the_where_group_is_found_after_templates_and_projections() {
        let select = "SELECT (EXISTS { ?a ?b ?c } AS ?e) WHERE { ?s ?p ?o }";
        assert_eq!(&select[where_group_start(select).unwrap()..], " ?s ?p ?o }");
        let construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }";
        assert_eq!(
            &construct[where_group_start(construct).unwrap()..],
            " ?s ?p ?o }"
        );
        let short = "CONSTRUCT WHERE { ?s ?p ?o }";
        assert_eq!(&short[where_group_start(short).unwrap()..], " ?s ?p ?o }");
        let ask = "# a comment { here\nASK { ?s ?p \"{\" }";
        assert_eq!(&ask[where_group_start(ask).unwrap()..], " ?s ?p \"{\" }");
    }

    #[test]
    fn explanations_say_what_is_wrong_in_words() {
        let explained = |q: &str, l, c, d| explain(q, l, c, d).message;
        assert!(
            explained("SELEC ?x WHERE { ?x ?p ?o }", 1, 10, "expected CONSTRUCT")
                .contains("did you mean SELECT?")
        );
        assert!(explained(
            "SELECT ?x WHERE { ?x a hx:Visit }",
            1,
            32,
            "expected one of Prefix not found"
        )
        .contains("unknown prefix 'hx:' — did you mean hk:?"));
        assert!(explained(
            "SELECT ?x WHERE { ?x ?p }",
            1,
            26,
            "expected one of LATERAL"
        )
        .contains("no object"));
        assert!(
            explained("SELECT ?x WHERE { ?x ?p ?o OPTINAL { } }", 1, 38, "x")
                .contains("did you mean OPTIONAL?")
        );
        assert!(explained("SELECT ?x WHERE { ?x ?p ?o ", 1, 28, "x").contains("never closed"));
        assert!(
            explained("SELECT ?x WHERE { ?x ?p ?o } ORDER BY", 1, 38, "x")
                .contains("ORDER BY needs")
        );
        let moved = explain("SELECT ?x WHERE {\n  ?x ?p 'abc }", 2, 15, "x");
        assert_eq!((moved.line, moved.column), (2, 9));
    }
}
