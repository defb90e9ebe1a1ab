//! "Did you mean" suggestions for names a user typed: query names, parameters, prefixes, entities,
//! ontology terms.

/// At most this many suggestions are offered; more is noise.
const MAX_SUGGESTIONS: usize = 3;
/// Below this similarity (0..1) a candidate is not worth suggesting.
const MIN_SIMILARITY: f64 = 0.6;
/// Names longer than this are not names a person mistyped; comparing them would cost
/// O(length × candidates × candidate length) for no useful suggestion.
const MAX_INPUT_CHARS: usize = 120;

/// The candidates closest to `input`, best first, case-insensitively compared.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let needle = input.trim().to_lowercase();
    if needle.is_empty() || needle.chars().count() > MAX_INPUT_CHARS {
        return Vec::new();
    }
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|candidate| {
            let lowered = candidate.to_lowercase();
            let mut score = strsim::jaro_winkler(&needle, &lowered);
            if lowered.contains(&needle) || needle.contains(&lowered) {
                // A substring is a strong hint even when the lengths differ a lot ("qatar" in "hkr:qatar").
                score = score.max(0.9);
            }
            (score, candidate)
        })
        .filter(|(score, _)| *score >= MIN_SIMILARITY)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, c)| c.to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_close_names_first_and_nothing_for_unrelated_input() {
        let names = ["visit-timeline", "visa-free-days", "platforms"];
        assert_eq!(closest("visit-timelin", names)[0], "visit-timeline");
        assert!(closest("zzzzzzzz", names).is_empty());
    }
}
