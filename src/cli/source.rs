//! `source add` and `source passages`: the commands that bring a new article into the data.

use super::global::GlobalArgs;
use super::{to, warn};
use anyhow::Result;
use clap::{Args, Subcommand};
use hkkg::commands::{self, PassagesRequest, Verdict};
use hkkg::output::sink::{self, Destination};
use hkkg::source::split::decisions;
use hkkg::source::{AddRequest, Overrides};
use std::path::PathBuf;

#[derive(Args)]
pub struct SourceArgs {
    #[command(subcommand)]
    command: SourceCommand,
}

#[derive(Subcommand)]
enum SourceCommand {
    /// Add an article: its text goes to DIR/source/ID.txt as given, its document record and its
    /// passages (hkp:ID-pNNN, NNN = the line where each starts) to DIR/source/ID.trig. Refuses an
    /// id already there unless --force.
    ///
    /// Passages: each line with text is one; a sentence the extraction broke across lines (a
    /// line that does not end its sentence and is prose, continued by the next line with text
    /// that is prose, across blank lines and photo captions) is one; a photo caption (▲) is one of
    /// its own; a line that repeats the end of the passage before it is left out. What was decided
    /// is printed; --join, --no-join and --keep override it line by line. Then file the facts in
    /// the graphs of their passages, and run `hkkg --data DIR lint DIR` and `hkkg --data DIR
    /// validate`.
    Add(AddArgs),
    /// Write the passages of a text as TriG, without a document record. The bundled article's:
    /// `hkkg source passages data/source/000_798d22a549aca399.txt --id article -o data/source.trig`.
    Passages(PassagesArgs),
}

/// Where the passage rules guess wrong, line by line (see `hkkg source add --help`).
#[derive(Args)]
struct RuleArgs {
    /// Line LINE goes on to the next line with text: a broken sentence the rules did not see
    /// (repeatable).
    #[arg(long, value_name = "LINE")]
    join: Vec<usize>,
    /// Line LINE ends its passage, though the rules would join the next line to it (repeatable).
    #[arg(long, value_name = "LINE")]
    no_join: Vec<usize>,
    /// Line LINE is a passage, though it repeats the end of the passage before it (repeatable).
    #[arg(long, value_name = "LINE")]
    keep: Vec<usize>,
}

impl RuleArgs {
    fn overrides(&self) -> Overrides {
        Overrides {
            join: self.join.iter().copied().collect(),
            no_join: self.no_join.iter().copied().collect(),
            keep: self.keep.iter().copied().collect(),
        }
    }
}

#[derive(Args)]
struct AddArgs {
    /// The article as UTF-8 plain text, one paragraph a line.
    file: PathBuf,
    /// The source's id: lowercase letters, digits and hyphens (its document is hkr:source-ID).
    #[arg(long)]
    id: String,
    /// The publisher: an IRI or prefixed name (hkr:ta-kung-pao), or the label of an entity the
    /// data has (大公報).
    #[arg(long)]
    publisher: String,
    /// When it was published: YYYY-MM-DD, or YYYY-MM or YYYY when only that is known.
    #[arg(long)]
    date: String,
    /// The title in the text's language (default: the first passage, the headline).
    #[arg(long)]
    title: Option<String>,
    /// The title in English, for the English label.
    #[arg(long)]
    english_title: Option<String>,
    /// An author, as for --publisher (repeatable).
    #[arg(long = "author", value_name = "AUTHOR")]
    authors: Vec<String>,
    /// The language of the text, a BCP 47 tag.
    #[arg(long, default_value = "zh-Hant")]
    language: String,
    /// The data directory to add it to (its source/ folder).
    #[arg(long, value_name = "DIR", default_value = "data")]
    into: PathBuf,
    /// Replace the source of this id (its text and passages), or add a text another source has.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Args)]
struct PassagesArgs {
    /// The text, UTF-8, one paragraph a line.
    file: PathBuf,
    /// The source's id, which names its passages (`article`: the bundled article, hkp:pNNN).
    #[arg(long)]
    id: String,
    /// The language of the text, a BCP 47 tag.
    #[arg(long, default_value = "zh-Hant")]
    language: String,
    /// Write to this file (- for standard output); the file is replaced only on success.
    #[arg(long, short)]
    output: Option<PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
}

impl SourceArgs {
    pub fn run(self, global: &GlobalArgs) -> Result<Verdict> {
        match self.command {
            SourceCommand::Add(args) => {
                let request = AddRequest {
                    text: args.file,
                    id: args.id,
                    into: args.into,
                    publisher: args.publisher,
                    date: args.date,
                    title: args.title,
                    english_title: args.english_title,
                    authors: args.authors,
                    language: args.language,
                    overrides: args.rules.overrides(),
                    force: args.force,
                    load: global.load_options()?,
                };
                to(None, |out| commands::add_source(&request, out))
            }
            SourceCommand::Passages(args) => {
                let request = PassagesRequest {
                    text: args.file,
                    id: args.id,
                    language: args.language,
                    overrides: args.rules.overrides(),
                };
                let split =
                    sink::write_to(&Destination::from_option(args.output.as_deref()), |out| {
                        commands::source_passages(&request, out)
                    })?;
                warn(&format!(
                    "{} passage(s)\n{}",
                    split.passages.len(),
                    decisions(&split).trim_end()
                ));
                Ok(Verdict::Pass)
            }
        }
    }
}
