//! Checks that a typed literal's lexical form is valid for its XML Schema datatype ("2023-02-30" is
//! no xsd:date, "3.5" no xsd:nonNegativeInteger) and which datatypes derive from which. Shared by
//! `lint` (on the source text) and `shacl` (sh:datatype also requires a well-formed value).

use oxsdatatypes::{
    Boolean, Date, DateTime, DayTimeDuration, Decimal, Double, Duration, Float, GDay, GMonth,
    GMonthDay, GYear, GYearMonth, Time, YearMonthDuration,
};
use std::str::FromStr;

pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// The integer datatypes with their inclusive bounds (None: unbounded) and the type they restrict.
const INTEGER_TYPES: &[(&str, Option<i128>, Option<i128>, &str)] = &[
    ("integer", None, None, "decimal"),
    ("nonNegativeInteger", Some(0), None, "integer"),
    ("positiveInteger", Some(1), None, "nonNegativeInteger"),
    ("nonPositiveInteger", None, Some(0), "integer"),
    ("negativeInteger", None, Some(-1), "nonPositiveInteger"),
    (
        "long",
        Some(i64::MIN as i128),
        Some(i64::MAX as i128),
        "integer",
    ),
    (
        "int",
        Some(i32::MIN as i128),
        Some(i32::MAX as i128),
        "long",
    ),
    (
        "short",
        Some(i16::MIN as i128),
        Some(i16::MAX as i128),
        "int",
    ),
    (
        "byte",
        Some(i8::MIN as i128),
        Some(i8::MAX as i128),
        "short",
    ),
    (
        "unsignedLong",
        Some(0),
        Some(u64::MAX as i128),
        "nonNegativeInteger",
    ),
    (
        "unsignedInt",
        Some(0),
        Some(u32::MAX as i128),
        "unsignedLong",
    ),
    (
        "unsignedShort",
        Some(0),
        Some(u16::MAX as i128),
        "unsignedInt",
    ),
    (
        "unsignedByte",
        Some(0),
        Some(u8::MAX as i128),
        "unsignedShort",
    ),
];

/// Why `value` is not a valid lexical form of `datatype`, or None when it is (or when the datatype
/// is not one of the XML Schema types we know, which RDF allows).
pub fn invalid_reason(datatype: &str, value: &str) -> Option<String> {
    let local = datatype.strip_prefix(XSD)?;
    fn check<T: FromStr>(value: &str) -> Option<String>
    where
        T::Err: std::fmt::Display,
    {
        T::from_str(value).err().map(|e| e.to_string())
    }
    match local {
        "date" => check::<Date>(value),
        "dateTime" => check::<DateTime>(value),
        "time" => check::<Time>(value),
        "gYear" => check::<GYear>(value),
        "gYearMonth" => check::<GYearMonth>(value),
        "gMonth" => check::<GMonth>(value),
        "gMonthDay" => check::<GMonthDay>(value),
        "gDay" => check::<GDay>(value),
        "duration" => check::<Duration>(value),
        "dayTimeDuration" => check::<DayTimeDuration>(value),
        "yearMonthDuration" => check::<YearMonthDuration>(value),
        "decimal" => check::<Decimal>(value),
        "double" => check::<Double>(value),
        "float" => check::<Float>(value),
        "boolean" => check::<Boolean>(value),
        _ => {
            let (_, min, max, _) = INTEGER_TYPES.iter().find(|(name, ..)| *name == local)?;
            integer_reason(value, *min, *max)
        }
    }
}

fn integer_reason(value: &str, min: Option<i128>, max: Option<i128>) -> Option<String> {
    // XML Schema integers are unbounded, so the lexical form is checked here rather than by
    // parsing into a fixed-size type: [+-]?[0-9]+.
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Some("not an integer".to_owned());
    }
    // Values beyond i128 are valid only for the unbounded types, whose bounds cannot be hit.
    let Ok(number) = value.trim_start_matches('+').parse::<i128>() else {
        return (min.is_some() && max.is_some()).then(|| "out of range".to_owned());
    };
    match (min, max) {
        (Some(min), _) if number < min => Some(format!("must be at least {min}")),
        (_, Some(max)) if number > max => Some(format!("must be at most {max}")),
        _ => None,
    }
}

/// True when a literal of datatype `actual` is acceptable where `expected` is required: the same
/// type, or one derived from it by restriction (xsd:nonNegativeInteger where xsd:integer is asked).
pub fn derives_from(actual: &str, expected: &str) -> bool {
    if actual == expected {
        return true;
    }
    let (Some(mut local), Some(target)) = (actual.strip_prefix(XSD), expected.strip_prefix(XSD))
    else {
        return false;
    };
    while let Some((_, _, _, base)) = INTEGER_TYPES.iter().find(|(name, ..)| *name == local) {
        if *base == target {
            return true;
        }
        local = base;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xsd(local: &str) -> String {
        format!("{XSD}{local}")
    }

    #[test]
    fn rejects_impossible_dates_and_non_integer_counts() {
        assert!(invalid_reason(&xsd("date"), "2023-02-04").is_none());
        assert!(invalid_reason(&xsd("date"), "2024-02-29").is_none());
        assert!(invalid_reason(&xsd("date"), "2023-02-29").is_some());
        assert!(invalid_reason(&xsd("date"), "2023-13-01").is_some());
        assert!(invalid_reason(&xsd("nonNegativeInteger"), "30").is_none());
        assert!(invalid_reason(&xsd("nonNegativeInteger"), "3.5").is_some());
        assert!(invalid_reason(&xsd("nonNegativeInteger"), "-1").is_some());
        assert!(invalid_reason(&xsd("byte"), "128").is_some());
        assert!(invalid_reason(
            &xsd("integer"),
            "123456789012345678901234567890123456789012"
        )
        .is_none());
        assert!(invalid_reason("http://example.org/custom", "anything").is_none());
    }

    #[test]
    fn integer_subtypes_derive_from_their_bases_only() {
        assert!(derives_from(&xsd("nonNegativeInteger"), &xsd("integer")));
        assert!(derives_from(&xsd("unsignedByte"), &xsd("decimal")));
        assert!(!derives_from(&xsd("integer"), &xsd("nonNegativeInteger")));
        assert!(!derives_from(&xsd("string"), &xsd("integer")));
    }
}
