//! Value parsers shared by the flags: scopes (with their names offered to
//! `--help` and the completions), key sizes, fingerprints.

use super::*;

/// A value parsed by `parse`, with `names` offered to `--help` and the shell
/// completions (for parsers that are functions, which clap cannot list).
#[derive(Clone)]
pub(super) struct Choices<T> {
    pub(super) names: &'static [&'static str],
    pub(super) parse: fn(&str) -> Result<T, String>,
}

impl<T: Clone + Send + Sync + 'static> clap::builder::TypedValueParser for Choices<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        let parse = self.parse;
        clap::builder::StringValueParser::new()
            .try_map(move |s: String| parse(&s))
            .parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            self.names
                .iter()
                .copied()
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

pub(super) const SCOPE_NAMES: &[&str] = &["strict", "namespace-wide", "cluster-wide"];

/// `--scope` of sealant's commands.
pub(super) const SCOPE: Choices<Scope> = Choices {
    names: SCOPE_NAMES,
    parse: |s| s.parse(),
};

pub(super) fn parse_bits(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(bits) if crate::core::crypto::KEY_SIZES.contains(&bits) => Ok(bits),
        _ => Err(format!(
            "must be one of {}",
            crate::core::crypto::KEY_SIZES
                .map(|b| b.to_string())
                .join(", ")
        )),
    }
}

pub(super) fn parse_fingerprint(s: &str) -> Result<Fingerprint, String> {
    Fingerprint::parse(s).ok_or_else(|| {
        "expected a SHA-256 fingerprint: 64 hex digits, as `sealant cert show` prints it".into()
    })
}
