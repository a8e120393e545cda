//! Sealing and opening one value: one RSA-OAEP operation plus AES-GCM and
//! base64, for a 2048- and a 4096-bit key and every compiled backend.
//!
//! `cargo bench --bench wire` (add `--features rust-crypto` for both backends).

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use sealant::internals::core::crypto::{Backend, PrivateKey, PublicKey, os_rng};
use sealant::internals::core::keyring::KeyRing;
use sealant::internals::core::scope::Scope;
use sealant::internals::core::{opening, wire};

const KEYS: [(usize, &str); 2] = [
    (2048, "tests/fixtures/conformance/keys/small/tls.key"),
    (4096, "tests/fixtures/conformance/keys/new/tls.key"),
];

fn key_pair(path: &str, backend: Backend) -> (PublicKey, PrivateKey) {
    let text = std::fs::read_to_string(path).expect("test key");
    let der = pem::parse(text).expect("PEM");
    let private = PrivateKey::from_pkcs1_der(der.contents(), backend).expect("key");
    let public = PublicKey::from_spki_der(&private.public_spki_der().expect("spki"), backend)
        .expect("public key");
    (public, private)
}

fn seal_and_open(c: &mut Criterion) {
    let label = Scope::Strict.label("payments", "db-credentials");
    let plaintext = b"s3cr3t-p@ssw0rd-with-some-length-to-it";
    for backend in Backend::all() {
        for (bits, path) in KEYS {
            let (public, private) = key_pair(path, backend);
            let id = format!("{}/{bits}", backend.name());

            let mut group = c.benchmark_group("seal one item");
            group.bench_function(BenchmarkId::from_parameter(&id), |b| {
                let mut rng = os_rng();
                b.iter(|| wire::seal(&public, &label, black_box(plaintext), &mut rng).unwrap())
            });
            group.finish();

            let sealed = wire::seal(&public, &label, plaintext, &mut os_rng()).unwrap();
            let mut group = c.benchmark_group("open one item");
            // A private-key operation takes milliseconds (tens with the
            // pure-Rust backend): fewer, flat samples keep the run short.
            group.sampling_mode(SamplingMode::Flat);
            group.sample_size(20);
            group.measurement_time(Duration::from_secs(4));
            group.bench_function(BenchmarkId::new("wire::open", &id), |b| {
                b.iter(|| {
                    let bytes = wire::decode(black_box(&sealed)).unwrap();
                    let frame = wire::frame(&bytes).unwrap();
                    wire::open(&private, &label, frame).unwrap()
                })
            });
            let ring = ring_of(path, backend);
            group.bench_function(BenchmarkId::new("unseal::open_value", &id), |b| {
                b.iter(|| opening::open_value(&ring, &label, black_box(&sealed), None).unwrap())
            });
            group.finish();
        }
    }
}

fn ring_of(path: &str, backend: Backend) -> KeyRing {
    KeyRing::load(&[path], backend).expect("key ring")
}

criterion_group!(benches, seal_and_open);
criterion_main!(benches);
