//! Choices users make by name — an output format, a language, a sort key — on the command line, in
//! an HTTP parameter or in an MCP argument. Each such enum lists its names once, with a line of help,
//! and every front end parses and documents them from that list, so no front end keeps its own copy.

use crate::error::{Error, Result};
use crate::rdf::suggest::closest;
use std::borrow::Cow;

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
    /// The choices the enum lists itself.
    const CHOICES: &'static [Choice<Self>];

    /// Every choice: its own, and those it takes from another keyword (every RDF syntax, say).
    fn choices() -> Cow<'static, [Choice<Self>]> {
        Cow::Borrowed(Self::CHOICES)
    }

    /// The canonical name of this value.
    fn name(self) -> &'static str {
        Self::choices()
            .iter()
            .find(|choice| choice.value == self)
            .map_or("", |choice| choice.name)
    }

    /// The value named `input` (case-insensitive, aliases too), or an error listing the names.
    fn parse_name(input: &str) -> Result<Self> {
        let choices = Self::choices();
        choices
            .iter()
            .find(|choice| {
                choice.name.eq_ignore_ascii_case(input)
                    || choice.aliases.iter().any(|a| a.eq_ignore_ascii_case(input))
            })
            .map(|choice| choice.value)
            .ok_or_else(|| Error::UnknownChoice {
                what: Self::WHAT,
                input: input.to_owned(),
                suggestions: closest(input, choices.iter().map(|c| c.name)),
                known: choices.iter().map(|c| c.name).collect(),
            })
    }
}

/// The choices of keyword `T`, each wrapped as a choice of another keyword.
pub fn wrapped<T: Keyword, U: 'static>(wrap: fn(T) -> U) -> impl Iterator<Item = Choice<U>> {
    T::CHOICES.iter().map(move |choice| Choice {
        name: choice.name,
        aliases: choice.aliases,
        value: wrap(choice.value),
        help: choice.help,
    })
}

/// Declares the choices of a `Keyword` enum: `keywords!(Type, "what", [Variant "name" ["alias"]:
/// "help", …])`; with `rdf: Variant` after the list, every RDF syntax is a choice too, as
/// `Type::Variant(syntax)`.
#[macro_export]
macro_rules! keywords {
    ($type:ty, $what:literal, [$($list:tt)+], rdf: $wrap:ident) => {
        $crate::keywords!(@impl $type, $what, [$($list)+], {
            fn choices() -> std::borrow::Cow<'static, [$crate::keyword::Choice<Self>]> {
                let mut all = Self::CHOICES.to_vec();
                all.extend($crate::keyword::wrapped(<$type>::$wrap));
                std::borrow::Cow::Owned(all)
            }
        });
    };
    ($type:ty, $what:literal, [$($list:tt)+]) => {
        $crate::keywords!(@impl $type, $what, [$($list)+], {});
    };
    (@impl $type:ty, $what:literal, [$($variant:ident $name:literal $([$($alias:literal),*])? : $help:literal),+ $(,)?], {$($extra:tt)*}) => {
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
            $($extra)*
        }
    };
}
