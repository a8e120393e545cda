//! Writes go where the user meant, through the real binary, with the state
//! of every file afterwards (type, mode, owner, inode, link target,
//! checksum): devices and FIFOs are written into, symbolic links written
//! through, owners kept, setuid dropped, hard links refused, an output onto
//! its own input refused, concurrent rewrites serialized, core dumps off.
#![cfg(unix)]

use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::*;
use predicates::prelude::*;
use sha2::{Digest, Sha256};

const CERT: &str = "keys/small/tls.crt";
const KEY: &str = "keys/small/tls.key";

const SECRET: &str = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: payments\nstringData:\n  password: hunter2-plaintext\n";

/// What `stat` says about a path, and the checksum of what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
struct State {
    kind: &'static str,
    mode: u32,
    uid: u32,
    gid: u32,
    ino: u64,
    nlink: u64,
    link: Option<PathBuf>,
    sha256: Option<String>,
}

fn state(p: &Path) -> State {
    let l = std::fs::symlink_metadata(p).unwrap();
    let t = l.file_type();
    let kind = if t.is_symlink() {
        "symlink"
    } else if t.is_file() {
        "file"
    } else if t.is_fifo() {
        "fifo"
    } else if t.is_char_device() {
        "char-device"
    } else if t.is_dir() {
        "dir"
    } else {
        "other"
    };
    State {
        kind,
        mode: l.mode() & 0o7777,
        uid: l.uid(),
        gid: l.gid(),
        ino: l.ino(),
        nlink: l.nlink(),
        link: t.is_symlink().then(|| std::fs::read_link(p).unwrap()),
        sha256: t
            .is_file()
            .then(|| hex(&Sha256::digest(std::fs::read(p).unwrap()))),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("sealant")
}

/// A copy of the binary anyone may run (the checkout may sit in a folder
/// only its owner can enter).
fn bin_for_anyone() -> (tempfile::TempDir, PathBuf) {
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

/// Runs sealant as nobody (as root through `setpriv`), stdout piped.
fn unprivileged(dir: &Path, args: &[&str]) -> std::process::Output {
    let copy = is_root().then(bin_for_anyone);
    let mut cmd = match &copy {
        Some((_, path)) => {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
                .arg(path);
            c
        }
        None => Command::new(bin()),
    };
    cmd.args(args)
        .current_dir(dir)
        .env_remove("SEALED_SECRETS_CERT")
        .stdin(Stdio::null())
        .output()
        .expect("setpriv (util-linux) runs the binary as nobody")
}

/// A folder anyone may use, with the certificate in it.
fn world_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::copy(fixture(CERT), dir.path().join("cert.pem")).unwrap();
    std::fs::set_permissions(
        dir.path().join("cert.pem"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    dir
}

fn sealed_text(dir: &Path) -> String {
    let out = sealant()
        .current_dir(dir)
        .args(["seal", "--cert"])
        .arg(fixture(CERT))
        .write_stdin(SECRET)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn assert_sealed(text: &str) {
    assert!(text.contains("kind: SealedSecret"), "{text}");
    assert!(!text.contains("hunter2"), "plaintext left: {text}");
}

#[test]
fn writing_to_dev_null_keeps_the_device() {
    let before = state(Path::new("/dev/null"));
    sealant()
        .args(["seal", "--cert"])
        .arg(fixture(CERT))
        .args(["-w", "/dev/null"])
        .write_stdin(SECRET)
        .assert()
        .success();
    let after = state(Path::new("/dev/null"));
    assert_eq!(after.kind, "char-device");
    assert_eq!(before, after);
    assert_eq!(
        std::fs::metadata("/dev/null").unwrap().rdev(),
        std::fs::metadata("/dev/zero").unwrap().rdev() - 2,
        "still the null device (1,3)"
    );
}

#[test]
fn writing_to_a_fifo_writes_into_it() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let before = state(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    sealant()
        .args(["seal", "--cert"])
        .arg(fixture(CERT))
        .arg("-w")
        .arg(&fifo)
        .write_stdin(SECRET)
        .assert()
        .success();
    assert_sealed(&reader.join().unwrap());
    assert_eq!(state(&fifo), before, "the FIFO stays a FIFO");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn writing_to_dev_stdout_writes_to_standard_output_also_as_another_user() {
    let dir = world_dir();
    std::fs::write(dir.path().join("s.yaml"), SECRET).unwrap();
    std::fs::set_permissions(
        dir.path().join("s.yaml"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    for args in [
        &["seal", "--cert", "cert.pem", "-w", "/dev/stdout", "s.yaml"][..],
        &["seal", "--cert", "cert.pem", "-w", "/dev/fd/1", "s.yaml"][..],
    ] {
        let out = unprivileged(dir.path(), args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_sealed(&String::from_utf8(out.stdout).unwrap());
    }
    // /dev/null as nobody: written into, the device left alone.
    let null_before = state(Path::new("/dev/null"));
    let out = unprivileged(
        dir.path(),
        &["seal", "--cert", "cert.pem", "-w", "/dev/null", "s.yaml"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(state(Path::new("/dev/null")), null_before);
    // As root too, with standard output a pipe.
    let out = sealant()
        .current_dir(dir.path())
        .args(["seal", "--cert", "cert.pem", "-w", "/dev/stdout", "s.yaml"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_sealed(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(state(Path::new("/dev/stdout")).kind, "symlink");
}

#[test]
fn in_place_rewrites_write_through_symbolic_links() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("real")).unwrap();
    let target = dir.path().join("real/secret.yaml");
    std::fs::write(&target, SECRET).unwrap();
    let link = dir.path().join("link.yaml");
    std::os::unix::fs::symlink("real/secret.yaml", &link).unwrap();
    let (link_before, target_before) = (state(&link), state(&target));
    sealant()
        .current_dir(dir.path())
        .args(["seal", "--cert"])
        .arg(fixture(CERT))
        .args(["-i", "link.yaml"])
        .assert()
        .success();
    let (link_after, target_after) = (state(&link), state(&target));
    assert_eq!(link_after, link_before, "the link is left as it was");
    assert_eq!(target_after.kind, "file");
    assert_eq!(target_after.mode, target_before.mode);
    assert_ne!(target_after.sha256, target_before.sha256);
    assert_sealed(&std::fs::read_to_string(&target).unwrap());
    assert_eq!(
        std::fs::read_dir(dir.path().join("real")).unwrap().count(),
        1
    );

    // merge through a link, too (a link to a link).
    let sealed = dir.path().join("real/sealed.yaml");
    std::fs::write(&sealed, sealed_text(dir.path())).unwrap();
    std::os::unix::fs::symlink("real/sealed.yaml", dir.path().join("l1.yaml")).unwrap();
    std::os::unix::fs::symlink("l1.yaml", dir.path().join("l2.yaml")).unwrap();
    let before = state(&dir.path().join("l2.yaml"));
    sealant()
        .current_dir(dir.path())
        .args(["merge", "--cert"])
        .arg(fixture(CERT))
        .arg("l2.yaml")
        .write_stdin(SECRET.replace("password:", "extra:"))
        .assert()
        .success();
    assert_eq!(state(&dir.path().join("l2.yaml")), before);
    assert_eq!(state(&dir.path().join("l1.yaml")).kind, "symlink");
    let text = std::fs::read_to_string(&sealed).unwrap();
    assert!(text.contains("extra:"), "{text}");
    assert_sealed(&text);
}

#[test]
fn rewrites_keep_owner_and_group_and_drop_setuid() {
    if !is_root() {
        eprintln!("skipped: needs root to give files away");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.yaml");
    std::fs::write(&file, SECRET).unwrap();
    std::os::unix::fs::chown(&file, Some(65534), Some(65534)).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o6750)).unwrap();
    let before = state(&file);
    sealant()
        .current_dir(dir.path())
        .args(["seal", "--cert"])
        .arg(fixture(CERT))
        .args(["-i", "s.yaml"])
        .assert()
        .success();
    let after = state(&file);
    assert_eq!((after.uid, after.gid), (65534, 65534), "{after:?}");
    assert_eq!(
        after.mode, 0o750,
        "setuid and setgid dropped, the rest kept"
    );
    assert_ne!(after.ino, before.ino, "replaced atomically");
    assert_sealed(&std::fs::read_to_string(&file).unwrap());

    // unseal -w onto a file someone else owns: theirs still, and 0600.
    let sealed = dir.path().join("sealed.yaml");
    std::fs::write(&sealed, sealed_text(dir.path())).unwrap();
    let out = dir.path().join("plain.yaml");
    std::fs::write(&out, "old\n").unwrap();
    std::os::unix::fs::chown(&out, Some(65534), Some(65534)).unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
    sealant()
        .current_dir(dir.path())
        .args(["unseal", "-k"])
        .arg(fixture(KEY))
        .args(["-w", "plain.yaml", "sealed.yaml"])
        .assert()
        .success();
    let after = state(&out);
    assert_eq!((after.uid, after.gid, after.mode), (65534, 65534, 0o600));
}

#[test]
fn a_hard_linked_file_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.yaml");
    std::fs::write(&file, SECRET).unwrap();
    std::fs::hard_link(&file, dir.path().join("other-name.yaml")).unwrap();
    let before = state(&file);
    sealant()
        .current_dir(dir.path())
        .args(["seal", "--cert"])
        .arg(fixture(CERT))
        .args(["-i", "s.yaml"])
        .assert()
        .code(6)
        .stderr(predicate::str::contains("s.yaml"))
        .stderr(predicate::str::contains("2 hard links"));
    assert_eq!(state(&file), before);
    assert_eq!(state(&dir.path().join("other-name.yaml")), before);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no temp file"
    );
}

#[test]
fn unseal_onto_its_own_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let sealed = dir.path().join("sealed.yaml");
    std::fs::write(&sealed, sealed_text(dir.path())).unwrap();
    std::os::unix::fs::symlink("sealed.yaml", dir.path().join("link.yaml")).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let before = state(&sealed);
    for out in [
        "sealed.yaml",
        "./sealed.yaml",
        "link.yaml",
        "sub/../sealed.yaml",
    ] {
        sealant()
            .current_dir(dir.path())
            .args(["unseal", "-k"])
            .arg(fixture(KEY))
            .args(["-w", out, "sealed.yaml"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("is the input"));
        assert_eq!(state(&sealed), before, "-w {out}");
    }
    // Through a folder argument too.
    sealant()
        .current_dir(dir.path())
        .args(["unseal", "-k"])
        .arg(fixture(KEY))
        .args(["-w", "link.yaml", "."])
        .assert()
        .code(2);
    assert_eq!(state(&sealed), before);
}

#[test]
fn twenty_concurrent_merges_keep_every_item() {
    const RUNS: usize = 20;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("sealed.yaml");
    std::fs::write(&target, sealed_text(dir.path())).unwrap();
    let before = state(&target);
    let children: Vec<_> = (0..RUNS)
        .map(|i| {
            let input = dir.path().join(format!("in{i}.yaml"));
            std::fs::write(
                &input,
                SECRET.replace("password: hunter2-plaintext", &format!("item-{i}: v{i}")),
            )
            .unwrap();
            Command::new(bin())
                .current_dir(dir.path())
                .args(["merge", "--cert"])
                .arg(fixture(CERT))
                .arg("--from")
                .arg(&input)
                .arg("sealed.yaml")
                .env_remove("SEALED_SECRETS_CERT")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let docs = yaml_docs(&std::fs::read_to_string(&target).unwrap());
    let data = docs[0]["spec"]["encryptedData"].as_object().unwrap();
    for i in 0..RUNS {
        assert!(
            data.contains_key(&format!("item-{i}")),
            "item-{i} lost: {data:?}"
        );
    }
    assert!(data.contains_key("password"));
    assert_eq!(data.len(), RUNS + 1);
    let after = state(&target);
    assert_eq!(
        (after.kind, after.mode, after.uid),
        (before.kind, before.mode, before.uid)
    );
    let temp = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".sealant-tmp")
        })
        .count();
    assert_eq!(temp, 0);
}

#[cfg(target_os = "linux")]
#[test]
fn unseal_runs_without_core_dumps() {
    // As nobody, so that "not dumpable" shows: /proc/PID/status then belongs
    // to root.
    let dir = world_dir();
    std::fs::copy(fixture(KEY), dir.path().join("key.pem")).unwrap();
    std::fs::set_permissions(
        dir.path().join("key.pem"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let copy = is_root().then(bin_for_anyone);
    let mut cmd = match &copy {
        Some((_, path)) => {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
                .arg(path);
            c
        }
        None => Command::new(bin()),
    };
    let mut child = cmd
        .args(["unseal", "-k", "key.pem"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let proc_dir = PathBuf::from(format!("/proc/{}", child.id()));
    // Standard input stays open: the run waits there, after it turned core
    // dumps off (first thing, before it read any key). Poll until it has.
    let mut seen = (String::new(), u32::MAX);
    for _ in 0..20_000 {
        let limits = std::fs::read_to_string(proc_dir.join("limits")).unwrap_or_default();
        let line = limits
            .lines()
            .find(|l| l.starts_with("Max core file size"))
            .unwrap_or_default()
            .to_string();
        let owner = std::fs::metadata(proc_dir.join("status")).map_or(u32::MAX, |m| m.uid());
        let exe = std::fs::read_link(proc_dir.join("exe")).unwrap_or_default();
        seen = (line, owner);
        let limited = seen.0.split_whitespace().filter(|w| *w == "0").count() == 2;
        if exe.ends_with("sealant") && limited && (seen.1 == 0 || copy.is_none()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    drop(child.stdin.take());
    let _ = child.wait();
    assert_eq!(
        seen.0.split_whitespace().filter(|w| *w == "0").count(),
        2,
        "core dumps still allowed: {}",
        seen.0
    );
    if copy.is_some() {
        assert_eq!(seen.1, 0, "the process is still dumpable");
    }
}

#[test]
fn walking_a_folder_does_not_follow_links_out_of_it_unless_asked() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("leak.yaml"), SECRET).unwrap();
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    std::fs::create_dir(repo.path().join("apps")).unwrap();
    std::fs::write(
        repo.path().join("apps/ok.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), repo.path().join("apps/elsewhere")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("leak.yaml"),
        repo.path().join("file-link.yaml"),
    )
    .unwrap();
    // A link that stays inside is followed.
    std::os::unix::fs::symlink("apps", repo.path().join("inside")).unwrap();
    let before = state(&outside.path().join("leak.yaml"));
    sealant()
        .current_dir(repo.path())
        .args(["check", "."])
        .assert()
        .success()
        .stderr(predicate::str::contains("not following"))
        .stderr(predicate::str::contains("elsewhere"))
        .stderr(predicate::str::contains("file-link.yaml"))
        .stderr(predicate::str::contains("--follow"));
    sealant()
        .current_dir(repo.path())
        .args(["check", "--follow", "."])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("leak.yaml"));
    // reseal leaves a file out of the tree alone.
    let sealed = outside.path().join("sealed.yaml");
    std::fs::write(&sealed, sealed_text(outside.path())).unwrap();
    let sealed_before = state(&sealed);
    sealant()
        .current_dir(repo.path())
        .args(["reseal", "-k"])
        .arg(fixture("keys/backup-list.yaml"))
        .arg("-k")
        .arg(fixture(KEY))
        .arg(".")
        .assert()
        .stderr(predicate::str::contains("not following"));
    assert_eq!(state(&sealed), sealed_before);
    assert_eq!(state(&outside.path().join("leak.yaml")), before);
}

/// A merge and a reseal of one file while a third party holds its lock:
/// both wait (and say so), then each reads what the other wrote; the merged
/// item is there and every item opens with the newest key.
#[test]
fn reseal_and_merge_wait_for_the_lock_and_keep_both_changes() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("sealed.yaml");
    let out = sealant()
        .args(["seal", "--cert"])
        .arg(fixture("keys/old/tls.crt"))
        .write_stdin(SECRET)
        .output()
        .unwrap();
    assert!(out.status.success());
    std::fs::write(&target, &out.stdout).unwrap();
    let held = std::fs::File::open(&target).unwrap();
    held.lock().unwrap();
    let spawn = |args: &[&std::ffi::OsStr], stdin: Option<&str>| {
        let mut child = Command::new(bin())
            .current_dir(dir.path())
            .args(args)
            .env_remove("SEALED_SECRETS_CERT")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(text) = stdin {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(text.as_bytes())
                .unwrap();
        } else {
            drop(child.stdin.take());
        }
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut seen = String::new();
        // Blocks until the run says it waits for the lock.
        while !seen.contains("waiting for it") {
            let mut line = String::new();
            assert!(stderr.read_line(&mut line).unwrap() > 0, "{seen}");
            seen.push_str(&line);
        }
        (child, stderr)
    };
    let new_cert = fixture("keys/new/tls.crt");
    let merge = spawn(
        &[
            "merge".as_ref(),
            "--cert".as_ref(),
            new_cert.as_os_str(),
            "sealed.yaml".as_ref(),
        ],
        Some(&SECRET.replace("password: hunter2-plaintext", "added: by-merge")),
    );
    let backup = fixture("keys/backup-list.yaml");
    let reseal = spawn(
        &[
            "reseal".as_ref(),
            "-k".as_ref(),
            backup.as_os_str(),
            "sealed.yaml".as_ref(),
        ],
        None,
    );
    assert_eq!(
        std::fs::read(&target).unwrap(),
        out.stdout,
        "nothing written while the lock is held"
    );
    drop(held);
    for (mut child, mut stderr) in [merge, reseal] {
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
        assert!(child.wait().unwrap().success(), "{rest}");
    }
    let docs = yaml_docs(&std::fs::read_to_string(&target).unwrap());
    let data = docs[0]["spec"]["encryptedData"].as_object().unwrap();
    assert!(data.contains_key("added"), "the merged item was lost");
    assert!(data.contains_key("password"));
    let opened = sealant()
        .args(["unseal", "-o", "yaml", "-k"])
        .arg(fixture("keys/new/tls.key"))
        .arg(&target)
        .output()
        .unwrap();
    assert!(
        opened.status.success(),
        "every item opens with the newest key: {}",
        String::from_utf8_lossy(&opened.stderr)
    );
}

/// `seal -i` on a FIFO reads it, then refuses to rewrite it in place (there
/// is nothing to rewrite): the FIFO stays a FIFO and nothing else appears.
#[test]
fn an_in_place_rewrite_of_a_fifo_is_refused_and_the_fifo_kept() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("s.yaml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let before = state(&fifo);
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, SECRET).unwrap())
    };
    sealant()
        .current_dir(dir.path())
        .args(["seal", "--cert"])
        .arg(fixture(CERT))
        .args(["-i", "s.yaml"])
        .assert()
        .code(6)
        .stdout("")
        .stderr(predicate::str::contains("s.yaml"))
        .stderr(predicate::str::contains("not a regular file"));
    writer.join().unwrap();
    assert_eq!(state(&fifo), before);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
