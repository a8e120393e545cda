use super::*;
use crate::core::crypto::Backend;
use std::path::Path;

use crate::test_fixtures::fixture;

fn setup() -> (KeyRing, ResealTarget) {
    let ring = KeyRing::load(&[fixture("keys/backup-list.yaml")], Backend::default()).unwrap();
    let cert = ring.newest().unwrap().cert.clone().unwrap();
    let key = ring.for_certificate(&cert).and_then(|k| ring.index_of(k));
    (ring, ResealTarget { cert, key })
}

fn file(dir: &Path, name: &str, text: &str) -> WalkedFile {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    WalkedFile {
        real: path.clone(),
        path,
    }
}

#[test]
fn a_sealed_secret_in_a_list_is_read_but_not_rewritten() {
    let (ring, target) = setup();
    let dir = tempfile::tempdir().unwrap();
    let sealed: Value = serde_saphyr::from_str(
        &std::fs::read_to_string(fixture("sealed/basic.old-key.yaml")).unwrap(),
    )
    .unwrap();
    let list = serde_json::json!({"apiVersion": "v1", "kind": "List", "items": [sealed]});
    let f = file(dir.path(), "list.json", &list.to_string());
    let report = inspect_file(&f, &ring, Pass::Inspect, &LastKey::default());
    assert!(!report.failed(), "{report:?}");
    let old = ring
        .keys
        .iter()
        .position(|k| k.source.contains("item 1"))
        .unwrap();
    assert!(report.sealed[0].items.iter().all(|i| i.opened == Ok(old)));
    let report = inspect_file(&f, &ring, Pass::Reseal(&target), &LastKey::default());
    assert_eq!(
        report.sealed[0].problem.as_ref().map(|p| p.kind),
        Some(ProblemKind::NotEditable)
    );
    assert!(report.rewrite.is_none());
}

#[test]
fn a_wrong_annotation_is_only_a_hint() {
    let (ring, target) = setup();
    let dir = tempfile::tempdir().unwrap();
    let old_fp = ring.keys[0].cert.as_ref().unwrap().fingerprint.to_string();
    // Claims the old certificate, but was sealed with the new key.
    let text = std::fs::read_to_string(fixture("sealed/basic.strict.yaml"))
            .unwrap()
            .replacen(
                "metadata:\n  name: app-credentials\n",
                &format!("metadata:\n  annotations:\n    sealant.dev/cert-sha256: \"{old_fp}\"\n  name: app-credentials\n"),
                1,
            );
    let f = file(dir.path(), "a.yaml", &text);
    let report = inspect_file(&f, &ring, Pass::Reseal(&target), &LastKey::default());
    assert!(!report.failed(), "{report:?}");
    assert!(
        report.sealed[0]
            .items
            .iter()
            .all(|i| i.opened == Ok(target.key.unwrap()))
    );
    assert_eq!(report.sealed[0].resealed, 0, "already current");
    // Only the annotation is corrected.
    let new = report.rewrite.unwrap();
    assert_eq!(
        new,
        text.replace(&old_fp, &target.cert.fingerprint.to_string())
    );
}

/// A file sealed with the old key, with the old key given last.
fn old_key_file(dir: &Path, annotation: Option<&str>) -> (KeyRing, WalkedFile, usize) {
    let ring = KeyRing::load(
        &[fixture("keys/new/key.yaml"), fixture("keys/old/key.yaml")],
        Backend::default(),
    )
    .unwrap();
    let mut text = std::fs::read_to_string(fixture("sealed/basic.old-key.yaml")).unwrap();
    let old = 1;
    if let Some(fp) = annotation {
        text = text.replacen(
            "metadata:\n",
            &format!("metadata:\n  annotations:\n    sealant.dev/cert-sha256: \"{fp}\"\n"),
            1,
        );
    }
    (ring, file(dir, "a.yaml", &text), old)
}

fn items(report: &FileReport) -> usize {
    report.sealed.iter().map(|s| s.items.len()).sum()
}

#[test]
fn the_certificate_record_is_tried_first() {
    let dir = tempfile::tempdir().unwrap();
    let probe = KeyRing::load(&[fixture("keys/old/key.yaml")], Backend::default()).unwrap();
    let fp = probe.keys[0].cert.as_ref().unwrap().fingerprint.to_string();
    let (ring, f, old) = old_key_file(dir.path(), Some(&fp));
    let report = inspect_file(&f, &ring, Pass::Inspect, &LastKey::default());
    assert!(!report.failed(), "{report:?}");
    assert!(report.sealed[0].items.iter().all(|i| i.opened == Ok(old)));
    assert!(items(&report) > 1);
    assert_eq!(
        ring.stats.private(),
        items(&report) as u64,
        "one operation per item"
    );
    assert_eq!(ring.stats.failed(), 0);
}

#[test]
fn the_key_active_at_the_commit_date_is_tried_first() {
    let dir = tempfile::tempdir().unwrap();
    let (ring, f, old) = old_key_file(dir.path(), None);
    let old_start = ring.keys[old].not_before().unwrap().unix_timestamp();
    let new_start = ring.keys[1 - old].not_before().unwrap().unix_timestamp();
    assert!(old_start < new_start);
    assert_eq!(ring.active_at(old_start + 1), Some(old));
    assert_eq!(ring.active_at(new_start), Some(1 - old));
    assert_eq!(ring.active_at(old_start - 1), None);
    let dates = HashMap::from([(f.path.clone(), old_start + 60)]);
    let report = inspect_file(&f, &ring, Pass::Inspect, &LastKey::with_dates(dates));
    assert!(!report.failed(), "{report:?}");
    assert_eq!(ring.stats.private(), items(&report) as u64);
    assert_eq!(ring.stats.failed(), 0);
}

#[test]
fn keys_made_after_the_commit_date_are_tried_after_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let (ring, _, old) = old_key_file(dir.path(), None);
    let new = 1 - old;
    let old_start = ring.keys[old].not_before().unwrap().unix_timestamp();
    let new_start = ring.keys[new].not_before().unwrap().unix_timestamp();
    // A block that both keys may open: the smaller modulus comes first
    // without a date, the key that existed at the commit with one.
    let block = vec![1u8; ring.keys[0].key.modulus().len()];
    let small = if ring.keys[0].key.modulus() < ring.keys[1].key.modulus() {
        0
    } else {
        1
    };
    assert_eq!(ring.order(&[&block], &[])[0], small);
    let before_new = new_start - 2 * 24 * 60 * 60;
    assert!(before_new > old_start, "the fixtures' keys are days apart");
    assert_eq!(ring.order_dated(&[&block], &[], Some(before_new))[0], old);
    // Within a day of clock skew, the newer key keeps its place.
    assert_eq!(
        ring.order_dated(&[&block], &[], Some(new_start - 60))[0],
        small
    );
    // Hints still come first.
    assert_eq!(
        ring.order_dated(&[&block], &[new], Some(before_new))[0],
        new
    );
}

#[test]
fn commit_dates_that_do_not_hold_stop_ordering_keys() {
    let dir = tempfile::tempdir().unwrap();
    let (ring, f, old) = old_key_file(dir.path(), None);
    let old_start = ring.keys[old].not_before().unwrap().unix_timestamp();
    // Every file claims a commit before its key existed.
    let dates = HashMap::from([(f.path.clone(), old_start - 10 * 24 * 60 * 60)]);
    let last = LastKey::with_dates(dates);
    for _ in 0..9 {
        assert!(last.committed(&f.path).is_some());
        last.opened_at(&ring, &f.path, old);
    }
    assert_eq!(last.committed(&f.path), None);
}

#[test]
fn the_folder_key_is_tried_first_for_the_next_file() {
    let dir = tempfile::tempdir().unwrap();
    let (ring, f, _) = old_key_file(dir.path(), None);
    let last = LastKey::default();
    inspect_file(&f, &ring, Pass::Inspect, &last);
    let before = ring.stats.private();
    let g = file(
        dir.path(),
        "b.yaml",
        &std::fs::read_to_string(&f.path).unwrap(),
    );
    let report = inspect_file(&g, &ring, Pass::Inspect, &last);
    assert!(!report.failed());
    assert_eq!(ring.stats.private() - before, items(&report) as u64);
}

#[test]
fn a_key_whose_modulus_is_below_the_block_is_never_tried() {
    let ring = KeyRing::load(
        &[fixture("keys/new/key.yaml"), fixture("keys/old/key.yaml")],
        Backend::default(),
    )
    .unwrap();
    let (new, old) = (&ring.keys[0].key, &ring.keys[1].key);
    let (low, high) = if new.modulus() < old.modulus() {
        (0, 1)
    } else {
        (1, 0)
    };
    // A block at the larger modulus minus one fits only the larger key.
    let mut block = ring.keys[high].key.modulus().to_vec();
    *block.last_mut().unwrap() -= 1;
    assert!(!ring.keys[low].key.may_open(&block));
    assert_eq!(ring.order(&[&block], &[low]), vec![high, low]);
    let mut bytes = (block.len() as u16).to_be_bytes().to_vec();
    bytes.extend_from_slice(&block);
    bytes.extend_from_slice(&[0; 40]);
    let text = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &bytes);
    let got = crate::core::opening::open_value(&ring, b"", &text, Some(low));
    assert_eq!(got.unwrap_err(), OpenFailure::NoKey);
    assert_eq!(
        (ring.stats.private(), ring.stats.failed()),
        (1, 1),
        "only the larger key"
    );
}

#[test]
fn no_private_key_operation_runs_once_the_budget_is_spent() {
    let mut ring = KeyRing::load(&[fixture("keys/backup-list.yaml")], Backend::default()).unwrap();
    ring.stats = std::sync::Arc::new(crate::core::keyring::OpStats::with_budget(3));
    let text = std::fs::read_to_string(fixture("sealed/basic.old-key.yaml"))
        .unwrap()
        .replace("namespace: payments", "namespace: elsewhere");
    let dir = tempfile::tempdir().unwrap();
    let f = file(dir.path(), "a.yaml", &text);
    let report = inspect_file(&f, &ring, Pass::Inspect, &LastKey::default());
    let kinds: Vec<_> = report.sealed[0]
        .items
        .iter()
        .map(|i| i.opened.as_ref().unwrap_err().kind)
        .collect();
    assert!(kinds.contains(&ProblemKind::Budget), "{kinds:?}");
    assert_eq!(ring.stats.failed(), 3, "stops at the budget");
}
