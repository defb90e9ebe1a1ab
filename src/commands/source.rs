//! `source add` and `source passages`: a new article into a data directory, and the passages of a
//! text as TriG (how the bundled data/source.trig is made).

use crate::error::{Error, Result};
use crate::source::document::{language_tag, PassagesFile, SourceId};
use crate::source::{self, AddRequest, Overrides, SourceText, Split};
use std::io::Write;
use std::path::PathBuf;

/// Adds the article `request.text` to the data directory `request.into`, and says what was done.
pub fn add_source(request: &AddRequest, out: &mut dyn Write) -> Result<()> {
    source::add(request)?.write_summary(&request.into, out)
}

/// What `hkkg source passages` is asked.
#[derive(Debug, Clone)]
pub struct PassagesRequest {
    pub text: PathBuf,
    /// The id whose passage names to use (`article` for the bundled article).
    pub id: String,
    /// The language tag of the text.
    pub language: String,
    pub overrides: Overrides,
}

/// Writes the passages of `request.text` (without a document record) as TriG to `out`, and returns
/// how the text was cut, for a summary.
pub fn source_passages(request: &PassagesRequest, out: &mut dyn Write) -> Result<Split> {
    let id = SourceId::parse(&request.id)?;
    let language = language_tag(&request.language)?;
    let text = SourceText::read(&request.text)?;
    let split = source::split(&text.lines(), &request.overrides)?;
    let file_name = request
        .text
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .ok_or_else(|| Error::SourceText {
            path: request.text.clone(),
            position: None,
            message: "not a file".to_owned(),
        })?;
    PassagesFile {
        id: &id,
        file_name: &file_name,
        language: &language,
        split: &split,
        overrides: &request.overrides,
        record: None,
    }
    .write(out)?;
    Ok(split)
}
