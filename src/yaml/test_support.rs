//! What the unit tests of the text layer share: fixtures and short ways to
//! write changes.

use serde_json::Value;

use crate::yaml::patch::{Change, apply_changes};
use crate::yaml::split::{DocSpan, split_documents};

pub(super) fn parse_yaml(text: &str) -> Value {
    serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{e}\n---\n{text}"))
}

pub(super) fn only_doc(text: &str) -> DocSpan {
    let docs = split_documents(text).unwrap();
    assert_eq!(docs.len(), 1, "{docs:?}");
    docs[0]
}

pub(super) fn replace(key: &str, value: &str) -> Change {
    Change::Replace {
        key: key.to_owned(),
        value: value.to_owned(),
    }
}

pub(super) fn insert(key: &str, value: &str) -> Change {
    Change::Insert {
        key: key.to_owned(),
        value: value.to_owned(),
    }
}

pub(super) fn annotate(key: &str, value: &str) -> Change {
    Change::ReplaceAnnotation {
        key: key.to_owned(),
        value: value.to_owned(),
    }
}

pub(super) fn edit(text: &str, changes: &[Change]) -> String {
    apply_changes(text, &only_doc(text), changes).unwrap()
}

/// Asserts that `new` is `old` with `old[start..end]` replaced by `with`.
pub(super) fn assert_only_changed(old: &str, new: &str, start: usize, end: usize, with: &str) {
    assert_eq!(&new[..start], &old[..start]);
    assert_eq!(&new[start..start + with.len()], with);
    assert_eq!(&new[start + with.len()..], &old[end..]);
}

pub(super) const SEALED: &str = "\
# Grüße ☺: a sealed secret
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: mysecret # the name
  annotations: {note: \"café ☺\"}
spec:
  encryptedData:
    # the password
    password: AgBy3i4OJSWK+PiTySYZZA==
    multi: AgBy3i4OJSWK
      +PiTySYZZA==
    single: 'AgAAAA=='
    double: \"AgBBBB==\"   # comment
    folded: >-
      AgCCCC==
    literal: |
      AgDDDD==

    last: AgEEEE==
  template:
    metadata:
      name: mysecret
";

pub(super) const ANNOTATED: &str = "\
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  # the sealing certificate
  annotations:
    other: x
    sealant.dev/cert-sha256: 'aaaa' # old
  name: db
spec:
  encryptedData:
    password: AgAAAA==
  template:
    metadata:
      annotations:
        sealant.dev/cert-sha256: aaaa
";
