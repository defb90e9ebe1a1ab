//! Source documents: their text and passages. Every fact of the data sits in the named graph of
//! the passage that states it, so a new article enters as its text ([`text`]: what a line is, what
//! a passage spanning some lines says), cut into passages by fixed rules ([`split`]: broken
//! sentences joined, captions on their own, duplicated lines left out), named so that no two
//! sources share a passage ([`document`]: `hkr:source-ID`, `hkp:ID-pNNN`) and written into a data
//! directory ([`add`]). `hkkg lint` reads texts with the same [`text`] rules to check that every
//! passage quotes its source.

pub mod add;
pub mod document;
pub mod split;
pub mod text;

pub use add::{add, AddRequest, Added};
pub use document::{PassagesFile, SourceId};
pub use split::{split, Overrides, Split};
pub use text::SourceText;
