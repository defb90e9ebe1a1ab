//! The on-disk store: oxigraph's RocksDB backend (the `rocksdb` cargo feature) in a directory hkkg
//! manages, so that the data is loaded once (`hkkg load --location DIR`) and every later command
//! opens it in milliseconds instead of parsing every file again. Built without the feature, every
//! entry point here answers [`Error::NoDiskStore`].
//!
//! # Layout
//! ```text
//! DIR/hkkg-store.json        the manifest: hkkg's store format version and the current generation
//! DIR/generation-N/          the current RocksDB store, never written again once published
//! DIR/generation-N.readers   locked (shared) by every process reading generation N
//! DIR/writer.lock            locked (exclusive) by the one process writing; says who it is
//! ```
//!
//! # Writing: a new generation, published by one rename
//! A writer (`load`, `update`) takes the writer lock, copies the current generation into the next
//! one — hard links for RocksDB's table files, which RocksDB never changes once written, copies of
//! its manifest, options and log files — opens the copy read-write, makes its change there, closes
//! it, and publishes it by renaming a new manifest over the old one. That rename is the commit. A
//! failure before it (a syntax error in the ten-millionth line, a full disk, a killed process)
//! leaves the manifest naming the old generation, so the store is exactly as it was; the
//! half-written generation is deleted then, or by the next writer.
//!
//! That is also why loading runs oxigraph's bulk loader without its own atomicity. In its atomic
//! mode the bulk loader keeps every batch's table files aside and ingests them all in `commit`
//! (one atomic RocksDB ingestion: all-or-nothing by itself), but a failed load can still leave
//! RocksDB's files changed; in the non-atomic mode RocksDB ingests and compacts as the load goes.
//! Since the whole generation is discarded on failure, the faster mode is all-or-nothing here too.
//!
//! # Reading while another process writes
//! RocksDB admits one read-write opener, and oxigraph documents reading a store read-only while
//! another process writes it as undefined behaviour (the writer replaces and deletes files a
//! reader may still need). Here readers never share a generation with a writer: a reader opens the
//! published generation read-only, and a writer only writes a generation nobody reads. A reader
//! holds a shared lock on its generation's `.readers` file, and a writer deletes an old generation
//! only when it can lock that file exclusively, so a generation disappears only once nobody reads
//! it. A reader sees the store as it was when it opened it — during a load, as before the load —
//! and never waits for a writer. Two writers exclude each other through the writer lock; the second
//! is told which process holds it. While a write runs the store takes up to twice its size on disk:
//! the old generation's files stay until the new one is published and the old one unread.
//!
//! # Versions
//! The manifest records hkkg's store format ([`FORMAT_VERSION`]); a store of another format, or a
//! directory that is not a store, is refused with what to do before RocksDB opens anything. The
//! number goes up whenever what hkkg writes changes meaning: the layout, oxigraph's storage
//! encoding (a new oxigraph), or what the default graph holds.

use super::KnowledgeGraph;
use crate::error::{Error, Result};
use oxigraph::store::StorageError;
use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The store format this hkkg reads and writes.
pub const FORMAT_VERSION: u32 = 1;

const MANIFEST: &str = "hkkg-store.json";
const FORMAT_NAME: &str = "hkkg-store";
const WRITER_LOCK: &str = "writer.lock";
const GENERATION: &str = "generation-";
const READERS: &str = ".readers";
/// The manifest being written, renamed over the manifest to publish it.
const NEW_SUFFIX: &str = ".new";

/// How many times opening starts again when writers publish new generations meanwhile.
const OPEN_ATTEMPTS: usize = 20;

/// What the manifest says.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Manifest {
    format: String,
    version: u32,
    /// The published generation: `generation-N` holds the store.
    generation: u64,
    /// Whether the default graph is kept as the merge of the named graphs (see `store`).
    merged: bool,
    /// The hkkg that published this generation.
    written_by: String,
}

impl Manifest {
    /// The manifest of the store at `dir`, None when `dir` has none. A manifest of another format
    /// or version is refused here, before anything else is read.
    fn read(dir: &Path) -> Result<Option<Self>> {
        let path = dir.join(MANIFEST);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(Error::Io {
                    path,
                    error: source,
                })
            }
        };
        let damaged = |problem: String| Error::NotAStore {
            dir: dir.to_owned(),
            problem: format!("{MANIFEST} is damaged ({problem}); load the data into a new store"),
        };
        // The version is read before the rest: another version may have other fields.
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| damaged(e.to_string()))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT_NAME) {
            return Err(Error::NotAStore {
                dir: dir.to_owned(),
                problem: format!("{MANIFEST} does not describe an hkkg store"),
            });
        }
        let found = value
            .get("version")
            .and_then(|v| v.as_u64())
            .ok_or_else(|| damaged("no version".to_owned()))?;
        if found != u64::from(FORMAT_VERSION) {
            return Err(Error::StoreFormat {
                dir: dir.to_owned(),
                found: u32::try_from(found).unwrap_or(u32::MAX),
                expected: FORMAT_VERSION,
            });
        }
        serde_json::from_value(value)
            .map(Some)
            .map_err(|e| damaged(e.to_string()))
    }

    /// Replaces the manifest of `dir` atomically: written beside it, synced, renamed over it.
    fn publish(&self, dir: &Path) -> Result<()> {
        let path = dir.join(MANIFEST);
        let temporary = dir.join(format!("{MANIFEST}{NEW_SUFFIX}"));
        let io_error = |path: &Path| {
            let path = path.to_owned();
            move |source| Error::Io {
                path,
                error: source,
            }
        };
        let mut text = serde_json::to_string_pretty(self).expect("a manifest serialises");
        text.push('\n');
        let mut file = File::create(&temporary).map_err(io_error(&temporary))?;
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(io_error(&temporary))?;
        fs::rename(&temporary, &path).map_err(io_error(&path))?;
        // The rename itself is durable only once the directory is synced.
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io_error(dir))
    }
}

fn generation_dir(dir: &Path, generation: u64) -> PathBuf {
    dir.join(format!("{GENERATION}{generation}"))
}

fn readers_file(dir: &Path, generation: u64) -> PathBuf {
    dir.join(format!("{GENERATION}{generation}{READERS}"))
}

/// The generation a directory entry belongs to (`generation-N` or `generation-N.readers`).
fn generation_of(name: &str) -> Option<u64> {
    let rest = name.strip_prefix(GENERATION)?;
    rest.strip_suffix(READERS).unwrap_or(rest).parse().ok()
}

/// A shared lock on a generation, held as long as a reader reads it (see the module comment).
pub struct Lease {
    _file: File,
}

/// Whether `dir` holds an hkkg store (of any version: a wrong version is an error).
pub fn exists(dir: &Path) -> Result<bool> {
    Ok(Manifest::read(dir)?.is_some())
}

/// Opens the store at `dir` for reading: its current generation, read-only, as it is now.
pub fn open(dir: &Path) -> Result<KnowledgeGraph> {
    backend::available()?;
    for _ in 0..OPEN_ATTEMPTS {
        let manifest = Manifest::read(dir)?.ok_or_else(|| Error::NoStore {
            dir: dir.to_owned(),
        })?;
        let readers = readers_file(dir, manifest.generation);
        let file = match File::open(&readers) {
            Ok(file) => file,
            // Replaced by a writer since the manifest was read: read it again.
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                if still_current(dir, &manifest)? {
                    return Err(Error::NotAStore {
                        dir: dir.to_owned(),
                        problem: format!(
                            "the store is damaged: {} is missing; load the data into a new store",
                            readers.display()
                        ),
                    });
                }
                continue;
            }
            Err(source) => {
                return Err(Error::Io {
                    path: readers,
                    error: source,
                })
            }
        };
        file.lock_shared().map_err(|source| Error::Io {
            path: readers.clone(),
            error: source,
        })?;
        // Locked, the generation can no longer be deleted; but it may have been replaced (and
        // deleted) between reading the manifest and taking the lock.
        if !still_current(dir, &manifest)? {
            continue;
        }
        let path = generation_dir(dir, manifest.generation);
        let store = backend::open_read_only(&path).map_err(|e| store_error(&path, e))?;
        return Ok(KnowledgeGraph::on_disk(
            store,
            manifest.merged,
            Some(Lease { _file: file }),
        ));
    }
    Err(Error::StoreBusy {
        dir: dir.to_owned(),
        holder: format!("it changed {OPEN_ATTEMPTS} times while being opened"),
    })
}

fn still_current(dir: &Path, manifest: &Manifest) -> Result<bool> {
    Ok(Manifest::read(dir)?.is_some_and(|now| now.generation == manifest.generation))
}

fn store_error(path: &Path, error: StorageError) -> Error {
    Error::Store(format!("{}: {error}", path.display()))
}

/// What a writer does when `dir` holds no store yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfMissing {
    /// Refuse: the command changes an existing store.
    Refuse,
    /// Create it, with or without the merged default graph.
    Create { merged: bool },
}

/// The one process writing a store: a new generation, open read-write, published by
/// [`Writer::commit`] and deleted if dropped uncommitted.
pub struct Writer {
    dir: PathBuf,
    generation: u64,
    merged: bool,
    created: bool,
    graph: Option<KnowledgeGraph>,
    published: bool,
    /// The writer lock, released when the writer is dropped.
    _lock: File,
}

impl Writer {
    /// Takes the writer lock of `dir` and opens the next generation for writing. `purpose` (the
    /// command) is recorded in the lock for whoever finds the store busy.
    pub fn open(dir: &Path, purpose: &str, if_missing: IfMissing) -> Result<Self> {
        backend::available()?;
        let before = Manifest::read(dir)?;
        if before.is_none() {
            let IfMissing::Create { .. } = if_missing else {
                return Err(Error::NoStore {
                    dir: dir.to_owned(),
                });
            };
            prepare_new_store_dir(dir)?;
        }
        let lock = take_writer_lock(dir, purpose)?;
        // Another writer may have created or changed the store before the lock was ours.
        let current = Manifest::read(dir)?;
        let (merged, created) = match (&current, if_missing) {
            (Some(manifest), _) => (manifest.merged, false),
            (None, IfMissing::Create { merged }) => (merged, true),
            (None, IfMissing::Refuse) => {
                return Err(Error::NoStore {
                    dir: dir.to_owned(),
                })
            }
        };
        let current_generation = current.as_ref().map(|m| m.generation);
        collect_garbage(dir, current_generation);
        let generation = current_generation.map_or(1, |g| g + 1);
        let path = generation_dir(dir, generation);
        let mut writer = Self {
            dir: dir.to_owned(),
            generation,
            merged,
            created,
            graph: None,
            published: false,
            _lock: lock,
        };
        let prepared = match current_generation {
            Some(previous) => copy_generation(&generation_dir(dir, previous), &path),
            None => fs::create_dir(&path),
        };
        prepared.map_err(|source| Error::Io {
            path: path.clone(),
            error: source,
        })?;
        let store = backend::open_read_write(&path).map_err(|e| store_error(&path, e))?;
        writer.graph = Some(KnowledgeGraph::on_disk(store, merged, None));
        Ok(writer)
    }

    /// Whether this writer creates the store (it held none before).
    pub fn created(&self) -> bool {
        self.created
    }

    /// The new generation, to change.
    pub fn graph(&self) -> &KnowledgeGraph {
        self.graph.as_ref().expect("the graph is open until commit")
    }

    /// Closes the new generation and publishes it: from now on every reader opens it. `compact`
    /// rewrites its files first so that readers, who cannot compact, read few and ordered files
    /// (worth it after a load; an update is flushed only).
    pub fn commit(mut self, compact: bool) -> Result<()> {
        let graph = self.graph.take().expect("the graph is open until commit");
        let path = generation_dir(&self.dir, self.generation);
        backend::finish(graph.store(), compact).map_err(|e| store_error(&path, e))?;
        // Closed before it is published: readers open it read-only, which needs it quiet.
        drop(graph);
        let readers = readers_file(&self.dir, self.generation);
        File::create(&readers).map_err(|source| Error::Io {
            path: readers,
            error: source,
        })?;
        Manifest {
            format: FORMAT_NAME.to_owned(),
            version: FORMAT_VERSION,
            generation: self.generation,
            merged: self.merged,
            written_by: format!("hkkg {}", env!("CARGO_PKG_VERSION")),
        }
        .publish(&self.dir)?;
        self.published = true;
        collect_garbage(&self.dir, Some(self.generation));
        Ok(())
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if self.published {
            return;
        }
        drop(self.graph.take());
        // Never published, so nobody reads it; what cannot be removed now the next writer removes.
        let _ = fs::remove_dir_all(generation_dir(&self.dir, self.generation));
        let _ = fs::remove_file(readers_file(&self.dir, self.generation));
    }
}

/// A new store goes into a new or empty directory, or one a failed first load left behind.
fn prepare_new_store_dir(dir: &Path) -> Result<()> {
    let io_error = |source| Error::Io {
        path: dir.to_owned(),
        error: source,
    };
    fs::create_dir_all(dir).map_err(io_error)?;
    for entry in fs::read_dir(dir).map_err(io_error)? {
        let name = entry.map_err(io_error)?.file_name();
        let name = name.to_string_lossy();
        // What a first load that failed or was killed can leave.
        let leftover = name == WRITER_LOCK
            || name == format!("{MANIFEST}{NEW_SUFFIX}")
            || generation_of(&name).is_some();
        if !leftover {
            return Err(Error::NotAStore {
                dir: dir.to_owned(),
                problem: format!(
                    "the directory holds other files ({name}…) and no hkkg store; give a new or empty directory"
                ),
            });
        }
    }
    Ok(())
}

fn take_writer_lock(dir: &Path, purpose: &str) -> Result<File> {
    let path = dir.join(WRITER_LOCK);
    let io_error = |source| Error::Io {
        path: path.clone(),
        error: source,
    };
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io_error)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = holder.trim();
            return Err(Error::StoreBusy {
                dir: dir.to_owned(),
                holder: if holder.is_empty() {
                    "a running hkkg load or update".to_owned()
                } else {
                    holder.to_owned()
                },
            });
        }
        Err(TryLockError::Error(source)) => return Err(io_error(source)),
    }
    file.set_len(0)
        .and_then(|()| write!(file, "pid {}: hkkg {purpose}", std::process::id()))
        .map_err(io_error)?;
    Ok(file)
}

/// Deletes every generation but `current` that nobody reads: those replaced by a later one, and
/// those a failed or killed writer left. One still read stays for a later writer to delete.
fn collect_garbage(dir: &Path, current: Option<u64>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut generations: Vec<u64> = entries
        .flatten()
        .filter_map(|entry| generation_of(&entry.file_name().to_string_lossy()))
        .filter(|generation| Some(*generation) != current)
        .collect();
    generations.sort_unstable();
    generations.dedup();
    for generation in generations {
        let readers = readers_file(dir, generation);
        // Held until the generation is gone, so that no reader locks it meanwhile.
        let _lock = match File::open(&readers) {
            Ok(file) => match file.try_lock() {
                Ok(()) => Some(file),
                Err(_) => continue,
            },
            Err(_) => None,
        };
        // Failures are left for the next writer: the generation is garbage either way.
        if fs::remove_dir_all(generation_dir(dir, generation)).is_ok()
            || !generation_dir(dir, generation).exists()
        {
            let _ = fs::remove_file(&readers);
        }
    }
}

/// Copies a published (closed, never written again) generation into a new directory: RocksDB's
/// table files (`.sst`, `.blob`) are immutable once written, so they are hard-linked; its
/// manifest, options and write-ahead log are appended to or recycled in place, so they are
/// copied. RocksDB's lock file and information logs belong to whoever opens the copy.
fn copy_generation(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        let text = name.to_string_lossy();
        if text == "LOCK" || text.starts_with("LOG") {
            continue;
        }
        let (source, target) = (entry.path(), to.join(&name));
        let immutable = text.ends_with(".sst") || text.ends_with(".blob");
        if !(immutable && fs::hard_link(&source, &target).is_ok()) {
            fs::copy(&source, &target)?;
        }
    }
    Ok(())
}

#[cfg(feature = "rocksdb")]
mod backend {
    use crate::error::Result;
    use oxigraph::store::{StorageError, Store};
    use std::path::Path;

    pub fn available() -> Result<()> {
        Ok(())
    }

    pub fn open_read_only(path: &Path) -> Result<Store, StorageError> {
        Store::open_read_only(path)
    }

    pub fn open_read_write(path: &Path) -> Result<Store, StorageError> {
        Store::open(path)
    }

    /// Writes what is still in memory to table files (so that a read-only opener replays no
    /// log), then, if asked, compacts them into few ordered ones.
    pub fn finish(store: &Store, compact: bool) -> Result<(), StorageError> {
        store.flush()?;
        if compact {
            store.optimize()?;
        }
        Ok(())
    }
}

/// Built without RocksDB: every entry point stops at [`available`].
#[cfg(not(feature = "rocksdb"))]
mod backend {
    use crate::error::{Error, Result};
    use oxigraph::store::{StorageError, Store};
    use std::path::Path;

    pub fn available() -> Result<()> {
        Err(Error::NoDiskStore)
    }

    pub fn open_read_only(_: &Path) -> Result<Store, StorageError> {
        Err(StorageError::Other(Error::NoDiskStore.to_string().into()))
    }

    pub fn open_read_write(_: &Path) -> Result<Store, StorageError> {
        Err(StorageError::Other(Error::NoDiskStore.to_string().into()))
    }

    pub fn finish(_: &Store, _: bool) -> Result<(), StorageError> {
        Err(StorageError::Other(Error::NoDiskStore.to_string().into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_entries_name_their_generation() {
        assert_eq!(generation_of("generation-12"), Some(12));
        assert_eq!(generation_of("generation-12.readers"), Some(12));
        assert_eq!(generation_of("generation-x"), None);
        assert_eq!(generation_of(MANIFEST), None);
        assert_eq!(generation_of(WRITER_LOCK), None);
    }

    #[test]
    fn a_manifest_of_another_version_or_kind_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let write = |text: &str| fs::write(dir.path().join(MANIFEST), text).unwrap();
        write(r#"{"format": "hkkg-store", "version": 99, "something": "new"}"#);
        let error = Manifest::read(dir.path()).unwrap_err();
        assert!(
            matches!(error, Error::StoreFormat { found: 99, .. }),
            "{error}"
        );
        assert!(error.to_string().contains("a newer hkkg"), "{error}");
        write(r#"{"format": "something else", "version": 1}"#);
        assert!(matches!(
            Manifest::read(dir.path()),
            Err(Error::NotAStore { .. })
        ));
        write("not json");
        assert!(matches!(
            Manifest::read(dir.path()),
            Err(Error::NotAStore { .. })
        ));
        fs::remove_file(dir.path().join(MANIFEST)).unwrap();
        assert!(Manifest::read(dir.path()).unwrap().is_none());
    }

    #[test]
    fn a_copied_generation_shares_table_files_and_owns_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let (from, to) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir(&from).unwrap();
        for name in ["000009.sst", "MANIFEST-000005", "000004.log", "LOCK", "LOG"] {
            fs::write(from.join(name), name).unwrap();
        }
        copy_generation(&from, &to).unwrap();
        let mut names: Vec<String> = fs::read_dir(&to)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["000004.log", "000009.sst", "MANIFEST-000005"]);
        // Appending to the copy's manifest leaves the original's alone.
        OpenOptions::new()
            .append(true)
            .open(to.join("MANIFEST-000005"))
            .unwrap()
            .write_all(b"+")
            .unwrap();
        assert_eq!(
            fs::read_to_string(from.join("MANIFEST-000005")).unwrap(),
            "MANIFEST-000005"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let inode = |p: &Path| fs::metadata(p).unwrap().ino();
            assert_eq!(
                inode(&from.join("000009.sst")),
                inode(&to.join("000009.sst"))
            );
        }
    }
}
