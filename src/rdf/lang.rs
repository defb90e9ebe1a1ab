//! The label languages hkkg writes, and the spelling of language tags.
//!
//! oxigraph lowercases language tags when it stores them (`zh-Hant` becomes `zh-hant`); BCP 47 says
//! tags compare case-insensitively but are written in a canonical case (script in title case, region
//! in upper case). Every export writes that canonical case, so that two exports of one graph in two
//! formats read back as the same graph in Jena or rdflib.

use std::fmt;
use std::str::FromStr;

/// English, or Traditional Chinese as used in Hong Kong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The BCP 47 tag the data uses for this language.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-Hant",
        }
    }

    /// The short name users type (`--lang zh`).
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }

    /// Whether a (stored, possibly lowercased) language tag is this language.
    pub fn matches(self, tag: &str) -> bool {
        tag.eq_ignore_ascii_case(self.tag())
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Lang {
    type Err = String;

    /// `en`, `zh`, or a tag of either language in any case (`zh-Hant`, `ZH-HANT`).
    fn from_str(s: &str) -> Result<Self, String> {
        Lang::ALL
            .into_iter()
            .find(|lang| s.eq_ignore_ascii_case(lang.name()) || lang.matches(s))
            .ok_or_else(|| format!("unknown language '{s}': use en or zh (zh-Hant)"))
    }
}

/// `tag` in BCP 47's canonical case: language lower case, a four-letter script in title case, a
/// two-letter region upper case, the rest lower case ("zh-hant-hk" → "zh-Hant-HK"). Subtags after a
/// singleton (extensions, private use) keep lower case, as RFC 5646 §2.1.1 asks.
pub fn canonical_case(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    let mut after_singleton = false;
    for (index, part) in tag.split('-').enumerate() {
        if index > 0 {
            out.push('-');
        }
        let canonical = match part.len() {
            _ if index == 0 || after_singleton => part.to_ascii_lowercase(),
            1 => {
                after_singleton = true;
                part.to_ascii_lowercase()
            }
            4 => {
                let (first, rest) = part.split_at(1);
                first.to_ascii_uppercase() + &rest.to_ascii_lowercase()
            }
            2 => part.to_ascii_uppercase(),
            _ => part.to_ascii_lowercase(),
        };
        out.push_str(&canonical);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_case_follows_bcp47() {
        assert_eq!(canonical_case("zh-hant"), "zh-Hant");
        assert_eq!(canonical_case("EN-gb"), "en-GB");
        assert_eq!(canonical_case("zh-hant-hk"), "zh-Hant-HK");
        assert_eq!(canonical_case("en-x-abcd"), "en-x-abcd");
        assert_eq!(canonical_case("de-ch-1996"), "de-CH-1996");
    }

    #[test]
    fn languages_parse_by_name_or_tag_in_any_case() {
        assert_eq!("zh".parse::<Lang>(), Ok(Lang::Zh));
        assert_eq!("ZH-HANT".parse::<Lang>(), Ok(Lang::Zh));
        assert_eq!("en".parse::<Lang>(), Ok(Lang::En));
        assert!("fr".parse::<Lang>().is_err());
    }
}
