//! `completions` and `man`: the shell completion scripts and the manual page, generated from the
//! same clap definitions as the command line itself, so they never fall behind it.

use super::to;
use anyhow::Result;
use clap::Args;
use clap_complete::Shell;
use hkkg::commands::Verdict;
use hkkg::Error;

#[derive(Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, elvish or powershell. Install with, for bash,
    /// `hkkg completions bash > ~/.local/share/bash-completion/completions/hkkg`.
    shell: Shell,
}

impl CompletionsArgs {
    pub fn run(self, mut command: clap::Command) -> Result<Verdict> {
        to(None, |out| {
            clap_complete::generate(self.shell, &mut command, "hkkg", out);
            Ok(())
        })
    }
}

#[derive(Args)]
pub struct ManArgs {
    /// The page of this command (hkkg-query(1), …); without it, hkkg(1), which lists them all.
    command: Option<String>,
}

impl ManArgs {
    /// The manual page as roff.
    pub fn run(self, command: clap::Command) -> Result<Verdict> {
        let command = command.version(env!("CARGO_PKG_VERSION"));
        let page = match &self.command {
            None => command,
            Some(name) => {
                let names: Vec<String> = command
                    .get_subcommands()
                    .map(|s| s.get_name().to_owned())
                    .collect();
                let Some(sub) = command.find_subcommand(name) else {
                    anyhow::bail!(
                        "no command '{name}'{}; commands: {}",
                        hkkg::error::DidYouMean(&hkkg::rdf::suggest::closest(
                            name,
                            names.iter().map(String::as_str)
                        )),
                        names.join(", ")
                    );
                };
                let full = format!("hkkg-{name}");
                sub.clone()
                    .name(full.clone())
                    .bin_name(format!("hkkg {name}"))
                    .display_name(full)
                    .version(env!("CARGO_PKG_VERSION"))
            }
        };
        to(None, |out| {
            clap_mangen::Man::new(page)
                .render(out)
                .map_err(Error::Output)
        })
    }
}
