//! `validate` and `reseal --controller` over a repo of 1,000 SealedSecrets,
//! through the real binary, against the fake API server of the integration
//! tests answering every request 20 ms late (a far-away cluster). With one
//! request at a time this would take 1,000 x 20 ms = 20 s per command; with
//! a bounded number in flight over kept-alive connections it is a fraction.
//!
//! `cargo bench --bench cluster` (release build); `cargo test --bench cluster`
//! runs each once as a smoke test.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};

#[allow(unused_imports)]
#[path = "../tests/it/support/mod.rs"]
mod support;

use support::fake_apiserver::{FakeApiServer, FakeCluster};
use support::kubeconfig::token_kubeconfig;

const FILES: usize = 1000;
const LATENCY: Duration = Duration::from_millis(20);

fn repo(dir: &Path) -> PathBuf {
    let repo = dir.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    let text = std::fs::read_to_string("tests/fixtures/conformance/sealed/basic.strict.yaml")
        .expect("the SealedSecret fixture");
    for i in 0..FILES {
        std::fs::write(repo.join(format!("s{i:04}.yaml")), &text).unwrap();
    }
    repo
}

fn sealant(args: &[&str], kubeconfig: &Path, repo: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_sealant"))
        .args(args)
        .arg("--kubeconfig")
        .arg(kubeconfig)
        .arg(repo)
        .env_remove("KUBECONFIG")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("run sealant");
    assert!(status.success(), "sealant {args:?} failed");
}

fn through_the_controller(c: &mut Criterion) {
    let server = FakeApiServer::start(FakeCluster {
        latency: Some(LATENCY),
        ..FakeCluster::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = token_kubeconfig(&server, dir.path());
    let repo = repo(dir.path());

    let mut group = c.benchmark_group("controller_20ms");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("validate_1000", |b| {
        b.iter(|| sealant(&["validate"], &kubeconfig, &repo))
    });
    group.bench_function("reseal_controller_1000", |b| {
        b.iter(|| sealant(&["reseal", "--controller"], &kubeconfig, &repo))
    });
    group.finish();
    eprintln!(
        "at most {} requests in flight, {} connections",
        server.max_in_flight(),
        server.connections()
    );
}

criterion_group!(benches, through_the_controller);
criterion_main!(benches);
