//! What the value constraints ask of one RDF term: SPARQL's ordering of literals (sh:minInclusive
//! and the rest, sh:lessThan), the string a term stands for (sh:minLength, sh:pattern), langMatches
//! (sh:languageIn) and XPath regular expressions with their flags (sh:pattern, sh:flags).

use crate::rdf::datatype::{self, XSD};
use oxigraph::model::{LiteralRef, TermRef};
use oxsdatatypes::{
    Boolean, Date, DateTime, DayTimeDuration, Decimal, Double, Duration, Float, GDay, GMonth,
    GMonthDay, GYear, GYearMonth, Time, YearMonthDuration,
};
use regex::{Regex, RegexBuilder};
use std::cmp::Ordering;
use std::str::FromStr;

/// How two literals compare under SPARQL's `<` and `=`, or None when SPARQL cannot compare them:
/// not both literals, values of unrelated types, an ill-typed lexical form, language-tagged
/// strings, NaN, or date-times whose order depends on a missing timezone.
pub fn compare(a: TermRef<'_>, b: TermRef<'_>) -> Option<Ordering> {
    let (TermRef::Literal(a), TermRef::Literal(b)) = (a, b) else {
        return None;
    };
    match (Kind::of(a)?, Kind::of(b)?) {
        (Kind::Numeric(x), Kind::Numeric(y)) => compare_numbers(x.max(y), a.value(), b.value()),
        (Kind::String, Kind::String) => Some(a.value().cmp(b.value())),
        (Kind::Boolean, Kind::Boolean) => {
            parsed::<Boolean>(a, b).and_then(|(x, y)| x.partial_cmp(&y))
        }
        (Kind::DateTime, Kind::DateTime) => {
            parsed::<DateTime>(a, b).and_then(|(x, y)| x.partial_cmp(&y))
        }
        (Kind::Date, Kind::Date) => parsed::<Date>(a, b).and_then(|(x, y)| x.partial_cmp(&y)),
        (Kind::Time, Kind::Time) => parsed::<Time>(a, b).and_then(|(x, y)| x.partial_cmp(&y)),
        (Kind::GYear, Kind::GYear) => parsed::<GYear>(a, b).and_then(|(x, y)| x.partial_cmp(&y)),
        (Kind::GYearMonth, Kind::GYearMonth) => {
            parsed::<GYearMonth>(a, b).and_then(|(x, y)| x.partial_cmp(&y))
        }
        (Kind::GMonth, Kind::GMonth) => parsed::<GMonth>(a, b).and_then(|(x, y)| x.partial_cmp(&y)),
        (Kind::GMonthDay, Kind::GMonthDay) => {
            parsed::<GMonthDay>(a, b).and_then(|(x, y)| x.partial_cmp(&y))
        }
        (Kind::GDay, Kind::GDay) => parsed::<GDay>(a, b).and_then(|(x, y)| x.partial_cmp(&y)),
        (Kind::Duration, Kind::Duration) => duration(a)?.partial_cmp(&duration(b)?),
        _ => None,
    }
}

/// The numeric types in SPARQL's promotion order: a comparison happens in the wider of the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Numeric {
    Decimal,
    Float,
    Double,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Numeric(Numeric),
    String,
    Boolean,
    DateTime,
    Date,
    Time,
    GYear,
    GYearMonth,
    GMonth,
    GMonthDay,
    GDay,
    Duration,
}

impl Kind {
    /// The value space of a well-formed literal; None for other datatypes and ill-typed values.
    fn of(literal: LiteralRef<'_>) -> Option<Self> {
        let datatype = literal.datatype().as_str();
        if datatype::invalid_reason(datatype, literal.value()).is_some()
            || literal.language().is_some()
        {
            return None;
        }
        if datatype::derives_from(datatype, &format!("{XSD}decimal")) {
            return Some(Self::Numeric(Numeric::Decimal));
        }
        Some(match datatype.strip_prefix(XSD)? {
            "float" => Self::Numeric(Numeric::Float),
            "double" => Self::Numeric(Numeric::Double),
            "string" => Self::String,
            "boolean" => Self::Boolean,
            "dateTime" => Self::DateTime,
            "date" => Self::Date,
            "time" => Self::Time,
            "gYear" => Self::GYear,
            "gYearMonth" => Self::GYearMonth,
            "gMonth" => Self::GMonth,
            "gMonthDay" => Self::GMonthDay,
            "gDay" => Self::GDay,
            "duration" | "dayTimeDuration" | "yearMonthDuration" => Self::Duration,
            _ => return None,
        })
    }
}

fn parsed<T: FromStr>(a: LiteralRef<'_>, b: LiteralRef<'_>) -> Option<(T, T)> {
    Some((T::from_str(a.value()).ok()?, T::from_str(b.value()).ok()?))
}

fn compare_numbers(wider: Numeric, a: &str, b: &str) -> Option<Ordering> {
    match wider {
        // Integers too large for a decimal are compared as doubles.
        Numeric::Decimal => match (Decimal::from_str(a), Decimal::from_str(b)) {
            (Ok(x), Ok(y)) => Some(x.cmp(&y)),
            _ => compare_numbers(Numeric::Double, a, b),
        },
        Numeric::Float => Float::from_str(a)
            .ok()?
            .partial_cmp(&Float::from_str(b).ok()?),
        Numeric::Double => Double::from_str(a)
            .ok()?
            .partial_cmp(&Double::from_str(b).ok()?),
    }
}

fn duration(literal: LiteralRef<'_>) -> Option<Duration> {
    let value = literal.value();
    match literal.datatype().as_str().strip_prefix(XSD)? {
        "dayTimeDuration" => DayTimeDuration::from_str(value).ok().map(Into::into),
        "yearMonthDuration" => YearMonthDuration::from_str(value).ok().map(Into::into),
        _ => Duration::from_str(value).ok(),
    }
}

/// SPARQL's str(): an IRI's text or a literal's lexical form; blank nodes have none.
pub fn string_value(term: TermRef<'_>) -> Option<&str> {
    match term {
        TermRef::NamedNode(n) => Some(n.as_str()),
        TermRef::Literal(l) => Some(l.value()),
        _ => None,
    }
}

/// SPARQL's langMatches (RFC 4647 basic filtering): `*` matches any tag, a range matches the tag
/// itself and the tags it is a prefix of up to a hyphen, ignoring case.
pub fn lang_matches(tag: &str, range: &str) -> bool {
    if range == "*" {
        return !tag.is_empty();
    }
    tag.len() >= range.len()
        && tag.as_bytes()[..range.len()].eq_ignore_ascii_case(range.as_bytes())
        && (tag.len() == range.len() || tag.as_bytes()[range.len()] == b'-')
}

/// An XPath regular expression with its flags (s, m, i, x, q), as SPARQL's REGEX reads them.
pub fn regex(pattern: &str, flags: &str) -> Result<Regex, String> {
    let quoted;
    let mut source = pattern;
    if flags.contains('q') {
        quoted = regex::escape(pattern);
        source = &quoted;
    }
    let mut builder = RegexBuilder::new(source);
    // Bounded, so a hostile pattern costs memory in proportion to this, not to its expansion.
    builder.size_limit(1_000_000);
    for flag in flags.chars() {
        match flag {
            's' => builder.dot_matches_new_line(true),
            'm' => builder.multi_line(true),
            'i' => builder.case_insensitive(true),
            'x' => builder.ignore_whitespace(true),
            'q' => &mut builder,
            other => return Err(format!("sh:flags has the unknown flag {other:?}")),
        };
    }
    builder
        .build()
        .map_err(|e| format!("sh:pattern {pattern:?} is not a valid regular expression: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode, Term};

    fn typed(value: &str, local: &str) -> Term {
        Literal::new_typed_literal(value, NamedNode::new_unchecked(format!("{XSD}{local}"))).into()
    }

    fn cmp(a: &Term, b: &Term) -> Option<Ordering> {
        compare(a.as_ref(), b.as_ref())
    }

    #[test]
    fn numbers_compare_across_numeric_types_and_nothing_else_does() {
        use Ordering::*;
        assert_eq!(
            cmp(&typed("5", "integer"), &typed("5.0", "decimal")),
            Some(Equal)
        );
        assert_eq!(
            cmp(&typed("5", "byte"), &typed("4.5e0", "double")),
            Some(Greater)
        );
        assert_eq!(
            cmp(&typed("1.5", "float"), &typed("2", "integer")),
            Some(Less)
        );
        assert_eq!(
            cmp(
                &typed("123456789012345678901234567890", "integer"),
                &typed("1", "integer")
            ),
            Some(Greater)
        );
        assert_eq!(cmp(&typed("NaN", "double"), &typed("1", "double")), None);
        assert_eq!(
            cmp(
                &typed("5", "integer"),
                &Literal::new_simple_literal("5").into()
            ),
            None
        );
        assert_eq!(cmp(&typed("five", "integer"), &typed("5", "integer")), None);
        let tagged: Term = Literal::new_language_tagged_literal_unchecked("a", "en").into();
        assert_eq!(cmp(&tagged, &tagged), None);
        assert_eq!(
            cmp(
                &Literal::new_simple_literal("a").into(),
                &Literal::new_simple_literal("b").into()
            ),
            Some(Less)
        );
    }

    #[test]
    fn dates_times_and_durations_compare_within_their_type() {
        use Ordering::*;
        assert_eq!(
            cmp(&typed("2024-01-02", "date"), &typed("2024-01-10", "date")),
            Some(Less)
        );
        assert_eq!(
            cmp(
                &typed("2024-01-02T00:00:00Z", "dateTime"),
                &typed("2024-01-02T01:00:00+01:00", "dateTime")
            ),
            Some(Equal)
        );
        assert_eq!(
            cmp(
                &typed("2024-01-02", "date"),
                &typed("2024-01-02T00:00:00Z", "dateTime")
            ),
            None
        );
        assert_eq!(
            cmp(
                &typed("P1D", "dayTimeDuration"),
                &typed("PT23H", "duration")
            ),
            Some(Greater)
        );
        assert_eq!(
            cmp(&typed("true", "boolean"), &typed("false", "boolean")),
            Some(Greater)
        );
    }

    #[test]
    fn lang_matches_follows_basic_filtering() {
        assert!(lang_matches("en-nz", "en"));
        assert!(lang_matches("EN", "en"));
        assert!(!lang_matches("eng", "en"));
        assert!(lang_matches("mi", "*"));
        assert!(!lang_matches("", "*"));
    }

    #[test]
    fn regex_flags_are_xpath_flags() {
        assert!(regex("^abc$", "i").unwrap().is_match("ABC"));
        assert!(regex("a.c", "s").unwrap().is_match("a\nc"));
        assert!(!regex("a.c", "").unwrap().is_match("a\nc"));
        assert!(regex("a b c", "x").unwrap().is_match("abc"));
        assert!(regex("a.c", "q").unwrap().is_match("xa.cx"));
        assert!(!regex("a.c", "q").unwrap().is_match("abc"));
        assert!(regex("b", "z").is_err());
        assert!(regex("(", "").is_err());
    }
}
