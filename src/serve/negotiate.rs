//! Content negotiation (RFC 9110 §12.5.1): the `Accept` header's media ranges with their weights
//! choose among what a resource offers. The most specific range that matches an offer gives its
//! weight (`text/turtle` before `text/*` before `*/*`); the highest weight wins, ties going to the
//! server's order, and weight 0 refuses. No `Accept` header accepts anything.

use super::status::HttpError;

/// One media type a resource can answer in.
#[derive(Debug, Clone, Copy)]
pub struct Offer<T> {
    pub media_type: &'static str,
    pub value: T,
}

pub const fn offer<T>(media_type: &'static str, value: T) -> Offer<T> {
    Offer { media_type, value }
}

/// One range of an Accept header.
#[derive(Debug, PartialEq)]
struct Range<'a> {
    kind: &'a str,
    subtype: &'a str,
    weight: f32,
}

impl Range<'_> {
    /// How specifically this range matches `media_type` (2 exact, 1 `type/*`, 0 `*/*`), if at all.
    fn specificity(&self, media_type: &str) -> Option<u8> {
        let essence = media_type.split(';').next().unwrap_or(media_type).trim();
        let (kind, subtype) = essence.split_once('/')?;
        match (self.kind, self.subtype) {
            ("*", "*") => Some(0),
            (k, "*") if k.eq_ignore_ascii_case(kind) => Some(1),
            (k, s) if k.eq_ignore_ascii_case(kind) && s.eq_ignore_ascii_case(subtype) => Some(2),
            _ => None,
        }
    }
}

fn parse(header: &str) -> Result<Vec<Range<'_>>, HttpError> {
    let mut ranges = Vec::new();
    for item in header.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let mut parts = item.split(';').map(str::trim);
        let essence = parts.next().unwrap_or_default();
        let Some((kind, subtype)) = essence.split_once('/') else {
            return Err(HttpError::bad_request(format!(
                "the Accept header has '{}', which is not a media range (type/subtype, such as application/sparql-results+json)",
                crate::error::Shown(item)
            )));
        };
        let mut weight = 1.0;
        for parameter in parts {
            if let Some(value) = parameter
                .split_once('=')
                .filter(|(name, _)| name.trim().eq_ignore_ascii_case("q"))
                .map(|(_, value)| value.trim())
            {
                weight = value
                    .parse::<f32>()
                    .ok()
                    .filter(|w| (0.0..=1.0).contains(w))
                    .ok_or_else(|| {
                        HttpError::bad_request(format!(
                            "the Accept header gives '{}' the weight q={}, which is not a number from 0 to 1",
                            crate::error::Shown(essence),
                            crate::error::Shown(value)
                        ))
                    })?;
            }
        }
        ranges.push(Range {
            kind: kind.trim(),
            subtype: subtype.trim(),
            weight,
        });
    }
    Ok(ranges)
}

/// The offer the `accept` header prefers; None when it accepts none of them. A malformed header
/// is a 400.
pub fn choose<T: Copy>(accept: Option<&str>, offers: &[Offer<T>]) -> Result<Option<T>, HttpError> {
    let Some(header) = accept.filter(|h| !h.trim().is_empty()) else {
        return Ok(offers.first().map(|o| o.value));
    };
    let ranges = parse(header)?;
    let mut best: Option<(f32, T)> = None;
    for offer in offers {
        let weight = ranges
            .iter()
            .filter_map(|range| Some((range.specificity(offer.media_type)?, range.weight)))
            .max_by(|a, b| a.0.cmp(&b.0))
            .map(|(_, weight)| weight);
        if let Some(weight) = weight.filter(|w| *w > 0.0) {
            if best.is_none_or(|(current, _)| weight > current) {
                best = Some((weight, offer.value));
            }
        }
    }
    Ok(best.map(|(_, value)| value))
}

/// The media types of `offers`, for a 406 message.
pub fn listed<T>(offers: &[Offer<T>]) -> String {
    let mut types: Vec<&str> = offers.iter().map(|o| o.media_type).collect();
    types.dedup();
    types.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFERS: [Offer<&str>; 3] = [
        offer("application/sparql-results+json", "json"),
        offer("application/sparql-results+xml", "xml"),
        offer("text/csv; charset=utf-8", "csv"),
    ];

    fn pick(accept: &str) -> Option<&'static str> {
        choose(Some(accept), &OFFERS).unwrap()
    }

    #[test]
    fn weights_and_specificity_decide() {
        assert_eq!(choose(None, &OFFERS).unwrap(), Some("json"));
        assert_eq!(pick("*/*"), Some("json"));
        assert_eq!(pick("text/csv"), Some("csv"));
        assert_eq!(
            pick("application/sparql-results+xml;q=0.9, text/csv;q=0.5"),
            Some("xml")
        );
        assert_eq!(pick("text/*;q=1, application/*;q=0.2"), Some("csv"));
        // The exact range outweighs the wildcard that would accept it.
        assert_eq!(
            pick("*/*;q=0.9, application/sparql-results+json;q=0"),
            Some("xml")
        );
        assert_eq!(pick("TEXT/CSV"), Some("csv"));
    }

    #[test]
    fn nothing_acceptable_and_malformed_headers() {
        assert_eq!(pick("image/png"), None);
        assert_eq!(pick("*/*;q=0"), None);
        assert!(choose(Some("nonsense"), &OFFERS).is_err());
        assert!(choose(Some("text/csv;q=2"), &OFFERS).is_err());
        assert!(choose(Some("text/csv;q=abc"), &OFFERS).is_err());
    }
}
