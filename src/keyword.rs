//! Choices users make by name — an output format, a language, a sort key — on the command line, in
//! an HTTP parameter or in an MCP argument. Each such enum lists its names once, with a line of help,
//! and every front end parses and documents them from that list, so no front end keeps its own copy.

use crate::error::{Error, Result};
use crate::rdf::suggest::closest;

/// One named choice.
#[derive(Debug, Clone, Copy)]
pub struct Choice<T: 'static> {
    pub name: &'static str,
    /// Other names accepted for it (not shown in help).
    pub aliases: &'static [&'static str],
    pub value: T,
    pub help: &'static str,
}

/// An enum whose values are chosen by name.
pub trait Keyword: Copy + PartialEq + Sized + 'static {
    /// What the choice is about, for messages ("output format").
    const WHAT: &'static str;
    const CHOICES: &'static [Choice<Self>];

    /// The canonical name of this value.
    fn name(self) -> &'static str {
        Self::CHOICES
            .iter()
            .find(|choice| choice.value == self)
            .map_or("", |choice| choice.name)
    }

    /// The value named `input` (case-insensitive, aliases too), or an error listing the names.
    fn parse_name(input: &str) -> Result<Self> {
        Self::CHOICES
            .iter()
            .find(|choice| {
                choice.name.eq_ignore_ascii_case(input)
                    || choice.aliases.iter().any(|a| a.eq_ignore_ascii_case(input))
            })
            .map(|choice| choice.value)
            .ok_or_else(|| Error::UnknownChoice {
                what: Self::WHAT,
                input: input.to_owned(),
                suggestions: closest(input, Self::CHOICES.iter().map(|c| c.name)),
                known: Self::CHOICES.iter().map(|c| c.name).collect(),
            })
    }
}

/// Declares the choices of a `Keyword` enum: `keywords!(Type, "what", [Variant "name" ["alias"]:
/// "help", …])`.
#[macro_export]
macro_rules! keywords {
    ($type:ty, $what:literal, [$($variant:ident $name:literal $([$($alias:literal),*])? : $help:literal),+ $(,)?]) => {
        impl $crate::keyword::Keyword for $type {
            const WHAT: &'static str = $what;
            const CHOICES: &'static [$crate::keyword::Choice<Self>] = &[$(
                $crate::keyword::Choice {
                    name: $name,
                    aliases: &[$($($alias),*)?],
                    value: <$type>::$variant,
                    help: $help,
                }
            ),+];
        }
    };
}
