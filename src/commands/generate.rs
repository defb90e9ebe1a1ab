//! `generate`: a synthetic graph in hkkg's model, for benchmarks (see [`crate::generate`]).

use crate::error::Result;
use crate::generate::{self, GenerateRequest, Generated};
use std::io::Write;

/// Writes the graph `request` asks for to `data` and its passages' text to `text`.
pub fn generate<'w>(
    request: &GenerateRequest,
    data: &'w mut dyn Write,
    text: Option<&'w mut dyn Write>,
) -> Result<Generated> {
    generate::generate(request, data, text)
}
