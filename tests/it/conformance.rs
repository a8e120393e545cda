//! The conformance set made by an independent implementation: everything
//! sealed there opens with sealant, and everything sealant seals opens with
//! those keys.

use crate::common::*;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sealant::internals::core::certificate::Certificate;
use sealant::internals::core::crypto::{Backend, PrivateKey};
use sealant::internals::core::keyring::KeyRing;
use sealant::internals::core::manifest::Manifest;
use sealant::internals::core::opening::{open_value, unseal_document};
use sealant::internals::core::scope::Scope;
use sealant::internals::core::wire;
use serde_json::Value;

fn ring(backend: Backend) -> KeyRing {
    KeyRing::load(&[fixture("keys/backup-list.yaml")], backend).unwrap()
}

fn unseal_file(rel: &str, backend: Backend) -> Vec<Value> {
    let input = Manifest::read(Some(&fixture(rel))).unwrap();
    let ring = ring(backend);
    input
        .documents()
        .unwrap()
        .iter()
        .map(|d| unseal_document(&d.value, &d.origin, &ring).unwrap())
        .collect()
}

#[test]
fn every_sealed_fixture_opens_to_its_expected_secret() {
    for backend in Backend::all() {
        for entry in std::fs::read_dir(fixture("sealed")).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_name().unwrap().to_str().unwrap().to_string();
            let stem = file.rsplit_once('.').unwrap().0;
            let expected: Value =
                serde_json::from_str(&read(&format!("expected/{stem}.secret.json"))).unwrap();
            let got = unseal_file(&format!("sealed/{file}"), backend);
            let got = if got.len() == 1 {
                got.into_iter().next().unwrap()
            } else {
                serde_json::json!({"apiVersion": "v1", "kind": "List", "metadata": {}, "items": got})
            };
            assert_eq!(got, expected, "{file} with {}", backend.name());
        }
    }
}

#[test]
fn every_go_reference_value_opens() {
    let reference: Value = serde_json::from_str(&read("go-reference.json")).unwrap();
    let pem = pem::parse(reference["private_key_pem"].as_str().unwrap()).unwrap();
    for backend in Backend::all() {
        let key = PrivateKey::from_pkcs1_der(pem.contents(), backend).unwrap();
        let ring = KeyRing {
            keys: vec![sealant::internals::core::keyring::KeyEntry {
                source: "go".into(),
                spki_fingerprint: sealant::internals::core::certificate::Fingerprint::of(
                    &key.public_spki_der().unwrap(),
                ),
                key,
                cert: None,
                label: None,
            }],
            ..Default::default()
        };
        for v in reference["values"].as_array().unwrap() {
            let scope: Scope = v["scope"].as_str().unwrap().parse().unwrap();
            let label = scope.label(
                v["namespace"].as_str().unwrap(),
                v["name"].as_str().unwrap(),
            );
            let (plain, _) =
                open_value(&ring, &label, v["ciphertext_b64"].as_str().unwrap(), None).unwrap();
            assert_eq!(
                STANDARD.encode(plain.as_slice()),
                v["plaintext_b64"].as_str().unwrap()
            );
        }
        let expected = &reference["sealed_docs_plaintext"];
        for (scope, doc) in reference["sealed_docs"].as_object().unwrap() {
            let secret = unseal_document(doc, &Default::default(), &ring).unwrap();
            for (k, v) in expected.as_object().unwrap() {
                let got = STANDARD
                    .decode(secret["data"][k].as_str().unwrap())
                    .unwrap();
                assert_eq!(got, v.as_str().unwrap().as_bytes(), "{scope} {k}");
            }
        }
    }
}

#[test]
fn raw_fixtures_open_under_their_labels() {
    let plain = std::fs::read(fixture("raw/plain.txt")).unwrap();
    let ring = ring(Backend::default());
    for (file, label) in [
        ("raw/cluster-wide.b64", Scope::ClusterWide.label("", "")),
        (
            "raw/namespace-wide.payments.b64",
            Scope::NamespaceWide.label("payments", ""),
        ),
        (
            "raw/strict.payments.app-credentials.b64",
            Scope::Strict.label("payments", "app-credentials"),
        ),
    ] {
        let text = read(file);
        let (got, _) = open_value(&ring, &label, text.trim(), None).unwrap();
        assert_eq!(got.as_slice(), plain.as_slice(), "{file}");
    }
}

#[test]
fn what_sealant_seals_opens_with_the_conformance_keys_in_every_backend_pair() {
    let crt = std::fs::read(fixture("keys/new/tls.crt")).unwrap();
    for seal_with in Backend::all() {
        let cert = Certificate::parse(&crt, "new", seal_with).unwrap();
        for open_with in Backend::all() {
            let ring = ring(open_with);
            let label = Scope::Strict.label("ns", "name");
            let sealed = wire::seal(
                &cert.key,
                &label,
                b"cross",
                &mut sealant::internals::core::crypto::os_rng(),
            )
            .unwrap();
            let (plain, i) = open_value(&ring, &label, &sealed, None).unwrap();
            assert_eq!(
                plain.as_slice(),
                b"cross",
                "{} -> {}",
                seal_with.name(),
                open_with.name()
            );
            assert!(
                ring.keys[i].source.contains("sealed-secrets-key"),
                "{}",
                ring.keys[i].source
            );
            assert!(open_value(&ring, &Scope::Strict.label("ns", "other"), &sealed, None).is_err());
        }
    }
}

#[test]
fn the_expired_certificate_is_refused_with_its_date() {
    let crt = std::fs::read(fixture("keys/expired/tls.crt")).unwrap();
    let cert = Certificate::parse(&crt, "expired.crt", Backend::default()).unwrap();
    let err = cert
        .check_not_expired(time::OffsetDateTime::now_utc())
        .unwrap_err()
        .to_string();
    assert!(err.contains("expired on 20"), "{err}");
}
