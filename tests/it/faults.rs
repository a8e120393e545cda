//! Faults through the real binary: runs killed mid-rewrite, read-only
//! files, a full disk, symlink loops, permission errors, dropped and
//! untrusted connections. Each is reported; no file is corrupted.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;
use predicates::prelude::*;
use serde_json::Value;

const CERT: &str = "keys/small/tls.crt";
const KEY: &str = "keys/small/tls.key";

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("sealant")
}

/// The kill test's seed: `SEALANT_TEST_KILL_SEED` when set (to replay a
/// run), else the clock.
fn kill_seed() -> u64 {
    match std::env::var("SEALANT_TEST_KILL_SEED") {
        Ok(seed) => seed
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("SEALANT_TEST_KILL_SEED={seed:?} is not a number")),
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64,
    }
}

/// A small deterministic generator (the seed is printed, to replay a run).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

fn original(i: usize) -> String {
    format!(
        "# file {i}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\ndata:\n  a: b\n---\n\
         apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-{i}\n  namespace: payments\n\
         stringData:\n  password: pw-{i}-{}\n---\n\
         apiVersion: v1\nkind: Secret\nmetadata:\n  name: api-{i}\n  namespace: payments\n\
         data:\n  token: dG9rZW4=\n",
        "x".repeat(i % 7)
    )
}

/// Whether `text` is file `i` wholly sealed: the ConfigMap as it was, both
/// Secrets as SealedSecrets for the right names.
fn is_wholly_new(text: &str, i: usize) -> bool {
    let Ok(docs) = serde_saphyr::from_multiple::<Value>(text) else {
        return false;
    };
    docs.len() == 3
        && docs[0]["kind"] == "ConfigMap"
        && docs[0]["metadata"]["name"] == format!("cm-{i}").as_str()
        && docs[1]["kind"] == "SealedSecret"
        && docs[1]["metadata"]["name"] == format!("db-{i}").as_str()
        && docs[1]["spec"]["encryptedData"]["password"].is_string()
        && docs[2]["kind"] == "SealedSecret"
        && docs[2]["spec"]["encryptedData"]["token"].is_string()
}

fn temp_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".sealant-tmp"))
        .collect()
}

#[test]
fn killed_in_place_rewrites_leave_every_file_wholly_old_or_wholly_new() {
    const FILES: usize = 150;
    const KILLS: usize = 30;
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<PathBuf> = (0..FILES)
        .map(|i| dir.path().join(format!("s{i:03}.yaml")))
        .collect();
    let reset = || {
        for (i, p) in paths.iter().enumerate() {
            std::fs::write(p, original(i)).unwrap();
        }
        for t in temp_files(dir.path()) {
            std::fs::remove_file(t).unwrap();
        }
    };
    let run = || {
        isolate(&mut Command::new(bin()))
            .args(["seal", "-i", "--cert"])
            .arg(fixture(CERT))
            .args(&paths)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // One whole run, to know how long one takes.
    reset();
    let start = Instant::now();
    assert!(run().wait().unwrap().success());
    let whole = start.elapsed();
    for (i, p) in paths.iter().enumerate() {
        assert!(is_wholly_new(&std::fs::read_to_string(p).unwrap(), i));
    }

    let seed = kill_seed();
    eprintln!(
        "kill test: seed {seed} (replay with SEALANT_TEST_KILL_SEED={seed}), one run takes {whole:?}"
    );
    let mut rng = Lcg(seed);
    let (mut mixed, mut leftovers) = (0, 0);
    for kill in 0..KILLS {
        reset();
        // Anywhere from the start to a little past the end of a run; the
        // later half is where files are being replaced.
        let at = whole.mul_f64(0.3 + (rng.next() % 1000) as f64 / 1000.0);
        let mut child = run();
        std::thread::sleep(at);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let (mut old, mut new) = (0, 0);
        for (i, p) in paths.iter().enumerate() {
            let text = std::fs::read_to_string(p).unwrap_or_else(|e| {
                panic!("kill {kill} (seed {seed}): {} unreadable: {e}", p.display())
            });
            if text == original(i) {
                old += 1;
            } else if is_wholly_new(&text, i) {
                new += 1;
            } else {
                panic!(
                    "kill {kill} at {at:?} (seed {seed}): {} is neither old nor new:\n{text}",
                    p.display()
                );
            }
        }
        if old > 0 && new > 0 {
            mixed += 1;
        }
        for t in temp_files(dir.path()) {
            // A temp file of `seal -i` holds sealed output only, never the
            // plaintext of the Secrets it replaces.
            let bytes = std::fs::read(&t).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("password: pw-"),
                "{} holds plaintext",
                t.display()
            );
            leftovers += 1;
        }
    }
    eprintln!(
        "kill test: {KILLS} kills, {mixed} of them between two renames, {leftovers} temp files left by kills (sealed output only)"
    );

    // A run after all that finishes the job, and the result opens.
    reset();
    assert!(run().wait().unwrap().success());
    let out = sealant()
        .args(["unseal", "-o", "json", "-k"])
        .arg(fixture(KEY))
        .arg(&paths[7])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["items"][0]["data"]["password"], "cHctNy0=");
}

#[test]
fn a_read_only_file_is_refused_and_no_file_changes() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.yaml");
    let b = dir.path().join("b.yaml");
    std::fs::write(&a, original(1)).unwrap();
    std::fs::write(&b, original(2)).unwrap();
    let mut perms = std::fs::metadata(&b).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&b, perms).unwrap();
    sealant()
        .args(["seal", "-i", "--cert"])
        .arg(fixture(CERT))
        .arg(&a)
        .arg(&b)
        .assert()
        .code(6)
        .stderr(predicate::str::contains("b.yaml"))
        .stderr(predicate::str::contains("read-only"))
        .stderr(predicate::str::contains("chmod u+w"));
    assert_eq!(std::fs::read_to_string(&a).unwrap(), original(1));
    assert_eq!(std::fs::read_to_string(&b).unwrap(), original(2));
    assert!(temp_files(dir.path()).is_empty());
    // merge too.
    let target = dir.path().join("t.yaml");
    std::fs::copy(fixture("sealed/basic.strict.yaml"), &target).unwrap();
    let mut perms = std::fs::metadata(&target).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&target, perms).unwrap();
    sealant()
        .args(["merge", "--cert"])
        .arg(fixture(CERT))
        .arg(&target)
        .write_stdin("apiVersion: v1\nkind: Secret\nmetadata: {name: app-credentials, namespace: payments}\nstringData: {extra: s3cr3t-hunter2}\n")
        .assert()
        .code(6)
        .stderr(predicate::str::contains("t.yaml"))
        .stderr(predicate::str::contains("read-only"))
        .stderr(predicate::str::contains("s3cr3t-hunter2").not());
    assert_eq!(
        std::fs::read(&target).unwrap(),
        std::fs::read(fixture("sealed/basic.strict.yaml")).unwrap()
    );
}

/// Runs sealant with a file-size limit (RLIMIT_FSIZE) of `blocks` 512-byte
/// blocks and SIGXFSZ ignored, so a write past it fails as on a full disk.
fn with_file_size_limit(blocks: u32, dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" \"$@\""
        ))
        .arg(bin())
        .args(args)
        .current_dir(dir)
        .env_remove("SEALED_SECRETS_CERT")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn a_full_disk_is_reported_and_nothing_is_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let cert = fixture(CERT).display().to_string();
    let mut paths = Vec::new();
    for i in 0..20 {
        let p = format!("s{i}.yaml");
        std::fs::write(dir.path().join(&p), original(i)).unwrap();
        paths.push(p);
    }
    std::fs::write(dir.path().join("out.yaml"), "old output\n").unwrap();
    // -w: 20 files of sealed output do not fit in 8 blocks.
    let mut args = vec!["seal", "--cert", &cert, "-w", "out.yaml"];
    args.extend(paths.iter().map(String::as_str));
    let out = with_file_size_limit(8, dir.path(), &args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{stderr}");
    assert!(stderr.contains("cannot write out.yaml"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.yaml")).unwrap(),
        "old output\n"
    );
    // -i: one file grows past the limit when sealed: no file is replaced.
    let mut args = vec!["seal", "--cert", &cert, "-i"];
    args.extend(paths.iter().map(String::as_str));
    let out = with_file_size_limit(2, dir.path(), &args);
    assert_eq!(out.status.code(), Some(6));
    for (i, p) in paths.iter().enumerate() {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(p)).unwrap(),
            original(i)
        );
    }
    // unseal -w: the plaintext never lands in a leftover file.
    let sealed = dir.path().join("sealed.yaml");
    std::fs::copy(fixture("sealed/basic.strict.yaml"), &sealed).unwrap();
    let backup = fixture("keys/backup-list.yaml").display().to_string();
    let out = with_file_size_limit(
        0,
        dir.path(),
        &["unseal", "-k", &backup, "-w", "plain.yaml", "sealed.yaml"],
    );
    assert_eq!(out.status.code(), Some(6));
    assert!(!dir.path().join("plain.yaml").exists());
    assert!(temp_files(dir.path()).is_empty(), "a temp file was left");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.yaml");
    let b = dir.path().join("b.yaml");
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    for args in [
        vec!["seal", "--cert", CERT, "a.yaml"],
        vec!["seal", "-i", "--cert", CERT, "a.yaml"],
        vec!["unseal", "-k", KEY, "a.yaml"],
    ] {
        let args: Vec<String> = args
            .iter()
            .map(|a| {
                if a.starts_with("keys/") {
                    fixture(a).display().to_string()
                } else {
                    a.to_string()
                }
            })
            .collect();
        sealant()
            .current_dir(dir.path())
            .args(&args)
            .assert()
            .code(3)
            .stderr(predicate::str::contains("a.yaml"))
            .stderr(predicate::str::contains("symbolic links"));
    }
    sealant()
        .current_dir(dir.path())
        .args(["unseal", "-k", "a.yaml"])
        .arg(fixture("sealed/basic.strict.yaml"))
        .assert()
        .code(5)
        .stderr(predicate::str::contains("a.yaml"));
}

/// A copy of the binary that any user can run, in a fresh world-readable
/// directory: the checkout (and so `target/`) may sit in a folder only its
/// owner can enter. The copy is removed when the returned guard drops.
#[cfg(unix)]
fn bin_for_anyone() -> (tempfile::TempDir, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::Builder::new()
        .prefix("sealant-bin")
        .tempdir()
        .unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = dir.path().join("sealant");
    std::fs::copy(bin(), &path).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    (dir, path)
}

/// Runs sealant as an unprivileged user: as root through `setpriv` (root
/// reads and writes regardless of permissions), otherwise directly.
#[cfg(unix)]
fn unprivileged(dir: &Path, args: &[&str]) -> std::process::Output {
    let root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);
    let copy = root.then(bin_for_anyone);
    let mut cmd = match &copy {
        Some((_, path)) => {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
                .arg(path);
            isolate(&mut c);
            c
        }
        None => {
            let mut c = Command::new(bin());
            isolate(&mut c);
            c
        }
    };
    cmd.args(args)
        .current_dir(dir)
        .env_remove("SEALED_SECRETS_CERT")
        .stdin(Stdio::null())
        .output()
        .expect("setpriv (util-linux) runs the binary as nobody")
}

#[cfg(unix)]
#[test]
fn permission_errors_are_reported_and_change_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let set = |p: &Path, mode: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    set(dir.path(), 0o777);
    std::fs::copy(fixture(CERT), dir.path().join("cert.pem")).unwrap();
    set(&dir.path().join("cert.pem"), 0o644);
    std::fs::write(dir.path().join("hidden.yaml"), original(1)).unwrap();
    set(&dir.path().join("hidden.yaml"), 0o000);
    // An unreadable input.
    let out = unprivileged(dir.path(), &["seal", "--cert", "cert.pem", "hidden.yaml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("cannot read hidden.yaml"), "{stderr}");
    assert!(stderr.contains("Permission denied"), "{stderr}");
    // An output folder that cannot be written.
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("out.yaml"), "old\n").unwrap();
    set(&locked.join("out.yaml"), 0o666);
    set(&locked, 0o555);
    std::fs::write(dir.path().join("s.yaml"), original(2)).unwrap();
    set(&dir.path().join("s.yaml"), 0o644);
    let out = unprivileged(
        dir.path(),
        &[
            "seal",
            "--cert",
            "cert.pem",
            "-w",
            "locked/out.yaml",
            "s.yaml",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{stderr}");
    assert!(stderr.contains("locked/out.yaml"), "{stderr}");
    assert!(stderr.contains("hint: check the permissions"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(locked.join("out.yaml")).unwrap(),
        "old\n"
    );
    set(&locked, 0o755);
    set(&dir.path().join("hidden.yaml"), 0o644);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("hidden.yaml")).unwrap(),
        original(1)
    );
}

/// One connection: reads the request, then writes `response` and closes.
fn serve_once(response: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(&response);
        }
    });
    format!("http://{addr}/v1/cert.pem")
}

#[test]
fn a_connection_dropped_mid_body_is_reported_and_the_old_file_kept() {
    let pem = std::fs::read(fixture(CERT)).unwrap();
    let mut response = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        pem.len()
    )
    .into_bytes();
    response.extend_from_slice(&pem[..pem.len() / 2]);
    let url = serve_once(response);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cert.pem");
    std::fs::write(&out, "old\n").unwrap();
    sealant()
        .args(["cert", "fetch", "--cert", &url, "-w"])
        .arg(&out)
        .assert()
        .code(4)
        .stderr(predicate::str::contains(url.as_str()))
        .stderr(predicate::str::contains("download failed"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old\n");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_connection_closed_before_any_answer_is_reported() {
    let url = serve_once(Vec::new());
    sealant()
        .args(["seal", "--cert", &url])
        .write_stdin("apiVersion: v1\nkind: Secret\nmetadata: {name: a, namespace: b}\nstringData: {p: s3cr3t-hunter2}\n")
        .assert()
        .code(4)
        .stderr(predicate::str::contains(url.as_str()))
        .stderr(predicate::str::contains("s3cr3t-hunter2").not());
}

/// An HTTPS server on loopback with a self-signed certificate (the
/// controller test certificate and its key).
fn serve_tls_self_signed() -> String {
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs1KeyDer};
    let cert = pem::parse(std::fs::read(fixture(CERT)).unwrap()).unwrap();
    let key = pem::parse(std::fs::read(fixture(KEY)).unwrap()).unwrap();
    let provider = std::sync::Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(cert.contents().to_vec())],
            PrivateKeyDer::Pkcs1(PrivatePkcs1KeyDer::from(key.contents().to_vec())),
        )
        .unwrap();
    let config = std::sync::Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for _ in 0..3 {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let mut conn = rustls::ServerConnection::new(config.clone()).unwrap();
            let mut tls = rustls::Stream::new(&mut conn, &mut stream);
            let mut buf = [0u8; 1024];
            // The client gives up during the handshake.
            let _ = tls.read(&mut buf);
        }
    });
    format!("https://127.0.0.1:{}/v1/cert.pem", addr.port())
}

#[test]
fn an_https_url_with_an_untrusted_certificate_fails_with_a_tls_error() {
    let url = serve_tls_self_signed();
    let dir = tempfile::tempdir().unwrap();
    sealant()
        .current_dir(dir.path())
        .args(["cert", "fetch", "--cert", &url, "-w", "cert.pem"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains(url.as_str()))
        .stderr(predicate::str::contains("certificate"))
        .stderr(predicate::str::contains("warning").not());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[cfg(unix)]
#[test]
fn a_file_that_vanishes_during_the_run_is_reported_and_nothing_is_written() {
    // The first input is a FIFO: sealant blocks reading it while the second
    // input is deleted, then finds the second gone.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("first.yaml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success(),
        "mkfifo"
    );
    let second = dir.path().join("second.yaml");
    std::fs::write(&second, original(2)).unwrap();
    let child = isolate(&mut Command::new(bin()))
        .args(["seal", "-i", "--cert"])
        .arg(fixture(CERT))
        .arg(&fifo)
        .arg(&second)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Opening the FIFO for writing waits until sealant has opened it.
    let mut writer = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    std::fs::remove_file(&second).unwrap();
    writer.write_all(original(1).as_bytes()).unwrap();
    drop(writer);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("second.yaml"), "{stderr}");
    assert!(stderr.contains("No such file"), "{stderr}");
    // The FIFO is still a FIFO (not replaced), and no temp file is left.
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert!(temp_files(dir.path()).is_empty());
    assert!(!second.exists());
}
