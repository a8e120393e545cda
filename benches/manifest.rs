//! Everything around the RSA operation: reading a SealedSecret document,
//! writing one (kubeseal's JSON and sorted YAML), and sealing a 5-item Secret
//! end to end (items, target, five values, document) with a 4096-bit
//! certificate, for every compiled backend.
//!
//! `cargo bench --bench manifest` (add `--features rust-crypto` for both backends).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use sealant::Origin;
use sealant::internals::core::certificate::Certificate;
use sealant::internals::core::crypto::{Backend, os_rng};
use sealant::internals::core::manifest::{Format, Manifest, output};
use sealant::internals::core::sealing::{SealParams, seal_secret, seal_secret_parallel};
use serde_json::Value;

const CERT: &str = "tests/fixtures/conformance/keys/new/tls.crt";

/// A Secret of five items, like a typical application's credentials.
const SECRET: &str = "\
apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
  namespace: payments
  labels:
    app: payments-api
type: Opaque
data:
  username: YWRtaW4=
  password: czNjcjN0LXBAc3M=
  host: ZGIucGF5bWVudHMuc3ZjLmNsdXN0ZXIubG9jYWw=
  port: NTQzMg==
stringData:
  url: postgres://admin@db.payments.svc.cluster.local:5432/payments
";

fn certificate(backend: Backend) -> Certificate {
    let bytes = std::fs::read(CERT).expect("certificate");
    Certificate::parse(&bytes, CERT, backend).expect("certificate")
}

fn secret() -> Value {
    let input = Manifest::from_text("secret.yaml", SECRET).expect("secret");
    input.documents().expect("secret")[0].value.clone()
}

fn parse_and_write(c: &mut Criterion) {
    let cert = certificate(Backend::default());
    let sealed = seal_secret(
        &secret(),
        &Origin::file("secret.yaml"),
        &SealParams::default(),
        &cert,
        &mut os_rng(),
    )
    .expect("seal");
    let mut group = c.benchmark_group("SealedSecret document");
    for format in [Format::Json, Format::Yaml] {
        let name = match format {
            Format::Json => "json",
            Format::Yaml => "yaml",
        };
        let text = output::render(&sealed, format);
        group.bench_function(BenchmarkId::new("parse", name), |b| {
            b.iter(|| {
                let input = Manifest::from_text("sealed", black_box(&text)).unwrap();
                input.documents().unwrap()
            })
        });
        group.bench_function(BenchmarkId::new("write", name), |b| {
            b.iter(|| output::render(black_box(&sealed), format))
        });
    }
    group.finish();
}

fn seal_five_items(c: &mut Criterion) {
    let doc = secret();
    let origin = Origin::file("secret.yaml");
    let params = SealParams::default();
    let mut group = c.benchmark_group("seal a 5-item Secret (4096-bit)");
    for backend in Backend::all() {
        let cert = certificate(backend);
        group.bench_function(BenchmarkId::new("one core", backend.name()), |b| {
            let mut rng = os_rng();
            b.iter(|| seal_secret(black_box(&doc), &origin, &params, &cert, &mut rng).unwrap())
        });
        group.bench_function(BenchmarkId::new("every core", backend.name()), |b| {
            b.iter(|| seal_secret_parallel(black_box(&doc), &origin, &params, &cert).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, parse_and_write, seal_five_items);
criterion_main!(benches);
