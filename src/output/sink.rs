//! Where output goes, without losing what was there: a file is written to a temporary file beside
//! it and renamed into place only when everything was written, so a command that fails leaves the
//! previous file untouched, and two commands writing the same file never interleave (the last to
//! finish wins, whole). `-` is standard output. Several files that belong together (the CSV node and
//! edge tables) are all renamed into place only after all were written. A device or a pipe
//! (`-o /dev/null`, a FIFO) is written directly.

use crate::error::{Error, Result};
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// Where a command writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Stdout,
    File(PathBuf),
}

impl Destination {
    /// `-` or nothing is standard output; anything else a file.
    pub fn from_option(path: Option<&Path>) -> Self {
        match path {
            None => Self::Stdout,
            Some(path) if path == Path::new("-") => Self::Stdout,
            Some(path) => Self::File(path.to_owned()),
        }
    }
}

/// Runs `write` on `destination` and puts the result in place only if it succeeded.
pub fn write_to<T>(
    destination: &Destination,
    write: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<T> {
    match destination {
        Destination::Stdout => {
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            let value = write(&mut out)?;
            out.flush().map_err(Error::Output)?;
            Ok(value)
        }
        Destination::File(path) if is_special(path) => {
            let file = fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|error| Error::Io {
                    path: path.clone(),
                    error,
                })?;
            let mut out = BufWriter::new(file);
            let value = write(&mut out)?;
            out.flush().map_err(Error::Output)?;
            Ok(value)
        }
        Destination::File(path) => {
            let mut files = Staged::new(std::slice::from_ref(path))?;
            let value = write(&mut files.files[0])?;
            files.commit()?;
            Ok(value)
        }
    }
}

/// A device, pipe or socket (`/dev/null`, a FIFO) is written as it is: there is nothing to replace.
fn is_special(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Runs `write` on two files that belong together (the CSV node and edge tables) and puts both in
/// place only if it succeeded.
pub fn write_pair<T>(
    first: &Path,
    second: &Path,
    write: impl FnOnce(&mut dyn Write, &mut dyn Write) -> Result<T>,
) -> Result<T> {
    let mut staged = Staged::new(&[first.to_owned(), second.to_owned()])?;
    let (a, b) = staged.files.split_at_mut(1);
    let value = write(&mut a[0], &mut b[0])?;
    staged.commit()?;
    Ok(value)
}

/// Writes files that belong together: each to a temporary file beside its target, all renamed into
/// place by `commit` once every one was written. Dropped uncommitted, they vanish.
struct Staged {
    targets: Vec<PathBuf>,
    files: Vec<BufWriter<NamedTempFile>>,
}

impl Staged {
    fn new(targets: &[PathBuf]) -> Result<Self> {
        let files = targets
            .iter()
            .map(|target| {
                let dir = match target.parent() {
                    Some(parent) if !parent.as_os_str().is_empty() => parent,
                    _ => Path::new("."),
                };
                let prefix = format!(
                    ".{}.",
                    target
                        .file_name()
                        .map_or_else(|| "hkkg".into(), |n| n.to_string_lossy())
                );
                tempfile::Builder::new()
                    .prefix(&prefix)
                    .suffix(".part")
                    .tempfile_in(dir)
                    .map(BufWriter::new)
                    .map_err(|error| Error::Io {
                        path: target.clone(),
                        error: without_temporary_path(error),
                    })
            })
            .collect::<Result<_>>()?;
        Ok(Self {
            targets: targets.to_vec(),
            files,
        })
    }

    /// Flushes every file, then renames each into place.
    fn commit(self) -> Result<()> {
        let mut ready = Vec::with_capacity(self.files.len());
        for (file, target) in self.files.into_iter().zip(&self.targets) {
            let file = file.into_inner().map_err(|e| Error::Io {
                path: target.clone(),
                error: e.into_error(),
            })?;
            file.as_file().sync_all().map_err(|source| Error::Io {
                path: target.clone(),
                error: source,
            })?;
            ready.push(file);
        }
        for (file, target) in ready.into_iter().zip(&self.targets) {
            keep_permissions(target, file.path());
            file.persist(target).map_err(|e| Error::Io {
                path: target.clone(),
                error: e.error,
            })?;
        }
        Ok(())
    }
}

/// tempfile's errors name the temporary file; the user named the target, which the message has.
fn without_temporary_path(error: io::Error) -> io::Error {
    let text = error.to_string();
    match text.split_once(" at path ") {
        Some((reason, _)) => io::Error::new(error.kind(), reason.to_owned()),
        None => error,
    }
}

/// A file replaced in place keeps the permissions it had (a temporary file is created private).
fn keep_permissions(target: &Path, temporary: &Path) {
    let permissions = match fs::metadata(target) {
        Ok(existing) => existing.permissions(),
        Err(_) => return default_permissions(temporary),
    };
    let _ = fs::set_permissions(temporary, permissions);
}

#[cfg(unix)]
fn default_permissions(temporary: &Path) {
    use std::os::unix::fs::PermissionsExt;
    // What a new file gets from a typical umask (022): readable by all, writable by its owner.
    let _ = fs::set_permissions(temporary, fs::Permissions::from_mode(0o644));
}

#[cfg(not(unix))]
fn default_permissions(_temporary: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_previous_file_and_no_debris() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.ttl");
        fs::write(&target, "previous").unwrap();
        let failed: Result<()> = write_to(&Destination::File(target.clone()), |out| {
            out.write_all(b"partial").unwrap();
            Err(Error::Cancelled)
        });
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(&target).unwrap(), "previous");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
        write_to(&Destination::File(target.clone()), |out| {
            out.write_all(b"new").map_err(Error::Output)
        })
        .unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
    }

    #[test]
    fn dash_is_standard_output() {
        assert_eq!(
            Destination::from_option(Some(Path::new("-"))),
            Destination::Stdout
        );
        assert_eq!(Destination::from_option(None), Destination::Stdout);
    }
}
