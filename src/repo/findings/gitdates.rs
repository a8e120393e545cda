//! Dates from git history for items that have no value-dates record
//! (SealedSecrets sealed by kubeseal, or before sealant recorded dates).
//!
//! An item's date is the commit date of the newest commit that changed how
//! often its current ciphertext occurs in the file: git's pickaxe
//! (`git log -S <ciphertext> -1 --format=%cI -- FILE`). A ciphertext is
//! random, so it first appears when its value was sealed (or resealed: a
//! reseal gives a new ciphertext, and without a record sealant cannot tell a
//! reseal from a new value without the private key). The git CLI is used, not
//! a library: one short-lived process per undated item, the search itself in
//! git's own code, and no new dependency; a ciphertext is not a secret, so it
//! may be an argument. When git is missing, the file is not in a work tree,
//! or the ciphertext is not committed yet, the item is not dated (a value
//! not committed yet is new).

use std::path::Path;
use std::process::{Command, Stdio};

use time::Date;

/// The UTC date of the commit that brought `ciphertext` into `file`, if any.
pub fn introduced(file: &Path, ciphertext: &str) -> Option<Date> {
    // A base64 string only: nothing git could read as an option or a pattern.
    if ciphertext.is_empty()
        || !ciphertext
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
    {
        return None;
    }
    let dir = file.parent().filter(|d| !d.as_os_str().is_empty());
    let name = file.file_name()?;
    let mut cmd = Command::new("git");
    if let Some(dir) = dir {
        cmd.arg("-C").arg(dir);
    }
    let out = cmd
        .args(["log", "-1", "--format=%cI", "--no-textconv"])
        .arg(format!("-S{ciphertext}"))
        .arg("--")
        .arg(name)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let when = crate::core::value_dates::parse_time(text.lines().next()?)?;
    Some(when.to_offset(time::UtcOffset::UTC).date())
}
