//! Working on a repository: walking its manifests, its `.sealant.yaml`
//! rules and pins, output path templates, opening and resealing the
//! SealedSecrets of a file, and what `check` finds.

pub mod findings;
pub mod inspect;
pub mod pin;
pub mod rules;
pub mod template;
pub mod walk;
