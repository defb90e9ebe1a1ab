//! Trust in the data: `lint` checks source files before loading, `shacl` validates the data against
//! shapes, `reason` adds RDFS entailments in a graph of their own, and `diff` shows (and patches)
//! what changed between two versions. They read files or the store; no other stage depends on them.

pub mod diff;
pub mod lint;
pub mod reason;
pub mod shacl;
