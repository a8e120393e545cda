//! `sealant create` through the real binary: every source of items, the
//! kubectl shortcuts, round trips through `unseal`, and `--prompt` in a real
//! pseudo-terminal with echo on.

use std::path::Path;

use crate::common::*;
use base64::Engine as _;
use predicates::prelude::*;
use serde_json::Value;

const NEW_CRT: &str = "keys/new/tls.crt";

fn create(dir: &Path) -> assert_cmd::Command {
    let mut cmd = sealant();
    cmd.current_dir(dir).env("SEALANT_RULES", "").arg("create");
    cmd
}

fn unseal_file(path: &Path) -> Value {
    let out = sealant()
        .args(["unseal", "-o", "json", "-k"])
        .arg(fixture("keys/backup-list.yaml"))
        .arg(path)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

fn decoded(secret: &Value, key: &str) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(secret["data"][key].as_str().unwrap())
        .unwrap()
}

/// Every file in `dir` (names), to prove no plaintext file was written.
fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn literal_file_and_env_file_items_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("ca.pem"), b"binary\x00\xffbytes\n").unwrap();
    std::fs::write(
        d.join("app.env"),
        "\u{feff}# settings\n\n  DB_USER=admin\nDB_PASS=\"quoted stays\" \nFROM_ENV\n",
    )
    .unwrap();
    std::fs::create_dir(d.join("conf")).unwrap();
    std::fs::write(d.join("conf/a.conf"), "a=1\n").unwrap();
    std::fs::write(d.join("conf/b.conf"), "b=2\n").unwrap();
    let before = files(d);
    create(d)
        .args(["app", "-n", "pay", "--from-literal", "token=t0k=en"])
        .args(["--from-file", "ca.pem", "--from-file", "renamed.crt=ca.pem"])
        .args(["--from-file", "conf", "--from-env-file", "app.env"])
        .args(["--label", "team=pay", "--annotation", "owner=ops"])
        .args([
            "--type",
            "example.com/custom",
            "-w",
            "app-sealed.yaml",
            "--cert",
        ])
        .arg(fixture(NEW_CRT))
        .env("FROM_ENV", "from the environment")
        .assert()
        .success()
        .stderr(predicate::str::contains("visible to other users"));
    let mut after = before.clone();
    after.push("app-sealed.yaml".into());
    after.sort();
    assert_eq!(files(d), after, "only the SealedSecret was written");
    let sealed = std::fs::read_to_string(d.join("app-sealed.yaml")).unwrap();
    assert!(!sealed.contains("t0k=en") && !sealed.contains("admin"));
    let doc = &yaml_docs(&sealed)[0];
    assert_eq!(doc["spec"]["template"]["type"], "example.com/custom");
    assert_eq!(doc["spec"]["template"]["metadata"]["labels"]["team"], "pay");
    assert_eq!(
        doc["spec"]["template"]["metadata"]["annotations"]["owner"],
        "ops"
    );
    assert!(doc["metadata"]["annotations"]["sealant.dev/cert-sha256"].is_string());
    let secret = unseal_file(&d.join("app-sealed.yaml"));
    assert_eq!(decoded(&secret, "token"), b"t0k=en");
    assert_eq!(decoded(&secret, "ca.pem"), b"binary\x00\xffbytes\n");
    assert_eq!(decoded(&secret, "renamed.crt"), b"binary\x00\xffbytes\n");
    assert_eq!(decoded(&secret, "a.conf"), b"a=1\n");
    assert_eq!(decoded(&secret, "b.conf"), b"b=2\n");
    assert_eq!(decoded(&secret, "DB_USER"), b"admin");
    assert_eq!(decoded(&secret, "DB_PASS"), b"\"quoted stays\" ");
    assert_eq!(decoded(&secret, "FROM_ENV"), b"from the environment");
    assert_eq!(secret["metadata"]["labels"]["team"], "pay");
}

#[test]
fn bad_items_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("bad.env"), "OK=1\n9BAD=2\n").unwrap();
    let cert = fixture(NEW_CRT);
    create(d)
        .args([
            "x",
            "-n",
            "a",
            "--from-literal",
            "k=1",
            "--from-literal",
            "k=2",
            "-w",
            "o.yaml",
            "--cert",
        ])
        .arg(&cert)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("'k' is given twice"));
    create(d)
        .args([
            "x",
            "-n",
            "a",
            "--from-env-file",
            "bad.env",
            "-w",
            "o.yaml",
            "--cert",
        ])
        .arg(&cert)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("bad.env:2"));
    create(d)
        .args(["x", "-n", "a", "--from-literal", "a/b=1", "--cert"])
        .arg(&cert)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a valid Secret key"));
    create(d)
        .args(["x", "--from-literal", "k=v", "--cert"])
        .arg(&cert)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("no namespace"));
    assert_eq!(files(d), ["bad.env"]);
}

#[test]
fn tls_shortcut_checks_the_pair_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = create(d)
        .args(["tls", "web-tls", "-n", "web", "--cert"])
        .arg(fixture("keys/small/tls.crt"))
        .arg("--key")
        .arg(fixture("keys/small/tls.key"))
        .arg("--sealing-cert")
        .arg(fixture(NEW_CRT))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let p = d.join("tls.yaml");
    std::fs::write(&p, &out).unwrap();
    let secret = unseal_file(&p);
    assert_eq!(secret["type"], "kubernetes.io/tls");
    assert_eq!(
        decoded(&secret, "tls.crt"),
        std::fs::read(fixture("keys/small/tls.crt")).unwrap()
    );
    assert_eq!(
        decoded(&secret, "tls.key"),
        std::fs::read(fixture("keys/small/tls.key")).unwrap()
    );
    create(d)
        .args(["tls", "web-tls", "-n", "web", "--cert"])
        .arg(fixture("keys/small/tls.crt"))
        .arg("--key")
        .arg(fixture("keys/old/tls.key"))
        .arg("--sealing-cert")
        .arg(fixture(NEW_CRT))
        .assert()
        .code(5)
        .stderr(predicate::str::contains(
            "does not belong to the certificate",
        ));
}

#[test]
fn docker_registry_shortcut_builds_dockerconfigjson_as_kubectl_does() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = create(d)
        .args([
            "docker-registry",
            "pull",
            "-n",
            "ci",
            "--docker-server",
            "registry.example.com",
        ])
        .args([
            "--docker-username",
            "bot",
            "--docker-password",
            "pa<ss>",
            "--docker-email",
            "bot@example.com",
        ])
        .arg("--cert")
        .arg(fixture(NEW_CRT))
        .args(["-o", "json"])
        .assert()
        .success()
        .stderr(predicate::str::contains("--docker-password is visible"))
        .get_output()
        .stdout
        .clone();
    let p = d.join("pull.json");
    std::fs::write(&p, &out).unwrap();
    assert_eq!(
        json_docs(std::str::from_utf8(&out).unwrap())[0]["kind"],
        "SealedSecret"
    );
    let secret = unseal_file(&p);
    assert_eq!(secret["type"], "kubernetes.io/dockerconfigjson");
    assert_eq!(
        String::from_utf8(decoded(&secret, ".dockerconfigjson")).unwrap(),
        "{\"auths\":{\"registry.example.com\":{\"username\":\"bot\",\"password\":\"pa\\u003css\\u003e\",\"email\":\"bot@example.com\",\"auth\":\"Ym90OnBhPHNzPg==\"}}}"
    );
}

#[test]
fn create_seals_for_several_clusters_into_a_template() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    create(d)
        .args([
            "db",
            "-n",
            "pay",
            "--from-literal",
            "pw=x",
            "--output-template",
            "{cluster}/{namespace}-{name}.yaml",
        ])
        .arg("--sealing-cert")
        .arg(format!("a={}", fixture("keys/old/tls.crt").display()))
        .arg("--sealing-cert")
        .arg(format!("b={}", fixture("keys/new/tls.crt").display()))
        .assert()
        .success();
    for c in ["a", "b"] {
        let secret = unseal_file(&d.join(format!("{c}/pay-db.yaml")));
        assert_eq!(decoded(&secret, "pw"), b"x");
    }
}

#[cfg(unix)]
mod terminal {
    use super::*;
    use rexpect::process::WaitStatus;

    /// Runs `sealant create ... --prompt password` in a pseudo-terminal with
    /// echo switched on (as a real terminal has it), types `first` and
    /// `second`, and returns everything the terminal showed and the status.
    fn prompt_session(dir: &Path, first: &str, second: &str) -> (String, i32) {
        prompt_session_typing(dir, first, second, false)
    }

    /// As [`prompt_session`]; with `ahead`, both answers are typed the
    /// moment the first prompt shows, before the second is printed.
    fn prompt_session_typing(dir: &Path, first: &str, second: &str, ahead: bool) -> (String, i32) {
        let bin = assert_cmd::cargo::cargo_bin("sealant");
        let script = format!(
            "stty echo; echo echo-is-on; read probe; echo \"probe=$probe\"; exec '{}' create db -n pay --prompt password -w out.yaml --cert '{}'",
            bin.display(),
            fixture(NEW_CRT).display()
        );
        let mut cmd = std::process::Command::new("sh");
        isolate(&mut cmd)
            .args(["-c", &script])
            .current_dir(dir)
            .env("SEALANT_RULES", "");
        let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
        // Echo is on (once the shell says so): a line typed at the shell
        // shows up twice (echo + output).
        p.exp_string("echo-is-on").unwrap();
        p.send_line("typed-and-echoed").unwrap();
        let mut seen = p.exp_string("probe=typed-and-echoed").unwrap();
        seen.push_str("probe=typed-and-echoed");
        seen.push_str(&p.exp_string("Value for password: ").unwrap());
        if ahead {
            p.send(&format!("{first}\n{second}\n")).unwrap();
            p.flush().unwrap();
            seen.push_str(&p.exp_string("(again): ").unwrap());
        } else {
            type_hidden(&mut p, first);
            seen.push_str(&p.exp_string("(again): ").unwrap());
            type_hidden(&mut p, second);
        }
        seen.push_str(&p.exp_eof().unwrap());
        let code = match p.process().wait().unwrap() {
            WaitStatus::Exited(_, code) => code,
            other => panic!("{other:?}"),
        };
        (seen, code)
    }

    #[test]
    fn prompt_reads_without_echo_asks_twice_and_seals() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let (seen, code) = prompt_session(d, "hunter2-secret", "hunter2-secret");
        assert_eq!(code, 0, "{seen}");
        assert!(
            seen.matches("typed-and-echoed").count() >= 2,
            "the terminal echoes ordinary input: {seen:?}"
        );
        assert!(!seen.contains("hunter2"), "the value was echoed: {seen:?}");
        let secret = unseal_file(&d.join("out.yaml"));
        assert_eq!(decoded(&secret, "password"), b"hunter2-secret");
    }

    /// A user who types as soon as the prompt shows, and types the second
    /// answer ahead, never sees either on the screen: echo goes off before
    /// the first prompt and stays off until the last answer is read.
    #[test]
    fn answers_typed_ahead_are_never_echoed() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let (seen, code) = prompt_session_typing(d, "typed-ahead-1", "typed-ahead-1", true);
        assert_eq!(code, 0, "{seen}");
        assert!(
            !seen.contains("typed-ahead"),
            "the value was echoed: {seen:?}"
        );
        let secret = unseal_file(&d.join("out.yaml"));
        assert_eq!(decoded(&secret, "password"), b"typed-ahead-1");
    }

    /// Ctrl-C at a hidden prompt ends the run without a file and gives the
    /// terminal back with echo on.
    #[test]
    fn ctrl_c_at_a_hidden_prompt_restores_echo() {
        let dir = tempfile::tempdir().unwrap();
        let script = format!(
            "stty echo; echo echo-is-on; '{}' create db -n pay --prompt password -w out.yaml --cert '{}'; echo \"status=$?\"; stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo | sed 's/^/mode=/'",
            assert_cmd::cargo::cargo_bin("sealant").display(),
            fixture(NEW_CRT).display()
        );
        let mut cmd = std::process::Command::new("sh");
        isolate(&mut cmd)
            .args(["-c", &script])
            .current_dir(dir.path())
            .env("SEALANT_RULES", "");
        let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
        p.exp_string("echo-is-on").unwrap();
        p.exp_string("Value for password: ").unwrap();
        p.send("half-typed").unwrap();
        p.send_control('c').unwrap();
        let (seen, status) = p.exp_regex("status=[0-9]+").unwrap();
        assert_ne!(status, "status=0", "{seen}");
        let (_, mode) = p.exp_regex("mode=-?echo").unwrap();
        assert_eq!(mode, "mode=echo", "echo is back on");
        assert!(!seen.contains("half-typed"), "{seen:?}");
        assert!(!dir.path().join("out.yaml").exists());
    }

    #[test]
    fn prompt_refuses_two_different_answers() {
        let dir = tempfile::tempdir().unwrap();
        let (seen, code) = prompt_session(dir.path(), "one", "two");
        assert_eq!(code, 2, "{seen}");
        assert!(seen.contains("the two answers differ"), "{seen}");
        assert!(!dir.path().join("out.yaml").exists());
    }

    /// Types a value at a prompt that reads without echo, at once: echo is
    /// off before the prompt is printed, so no pause is needed.
    fn type_hidden(p: &mut rexpect::session::PtySession, value: &str) {
        p.send_line(value).unwrap();
    }

    /// `create --interactive` in a pseudo-terminal with echo on: names are
    /// asked and echoed, values are read without echo, twice, and sealed.
    #[test]
    fn interactive_asks_for_everything_and_never_echoes_values() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let bin = assert_cmd::cargo::cargo_bin("sealant");
        let script = format!(
            "stty echo; echo echo-is-on; exec '{}' create --interactive -w out.yaml --sealing-cert '{}' --kubeconfig /nonexistent",
            bin.display(),
            fixture(NEW_CRT).display()
        );
        let mut cmd = std::process::Command::new("sh");
        isolate(&mut cmd)
            .args(["-c", &script])
            .current_dir(d)
            .env("SEALANT_RULES", "");
        let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
        p.exp_string("echo-is-on").unwrap();
        let mut seen = p.exp_string("Context").unwrap();
        p.exp_string(": ").unwrap();
        p.send_line("").unwrap();
        seen.push_str(&p.exp_string("Namespace: ").unwrap());
        p.send_line("payments").unwrap();
        seen.push_str(&p.exp_string("Secret name: ").unwrap());
        p.send_line("db-credentials").unwrap();
        seen.push_str(&p.exp_string("Type (empty: Opaque): ").unwrap());
        p.send_line("").unwrap();
        seen.push_str(&p.exp_string("Item key (empty: done): ").unwrap());
        p.send_line("password").unwrap();
        seen.push_str(&p.exp_string("Value for password: ").unwrap());
        type_hidden(&mut p, "hunter2-secret");
        seen.push_str(&p.exp_string("(again): ").unwrap());
        type_hidden(&mut p, "hunter2-secret");
        seen.push_str(&p.exp_string("Item key (empty: done): ").unwrap());
        p.send_line("user").unwrap();
        seen.push_str(&p.exp_string("Value for user: ").unwrap());
        type_hidden(&mut p, "admin-user");
        seen.push_str(&p.exp_string("(again): ").unwrap());
        type_hidden(&mut p, "admin-user");
        seen.push_str(&p.exp_string("Item key (empty: done): ").unwrap());
        p.send_line("").unwrap();
        seen.push_str(&p.exp_eof().unwrap());
        let code = match p.process().wait().unwrap() {
            WaitStatus::Exited(_, code) => code,
            other => panic!("{other:?}"),
        };
        assert_eq!(code, 0, "{seen}");
        assert!(
            seen.contains("db-credentials"),
            "names are echoed: {seen:?}"
        );
        assert!(!seen.contains("hunter2"), "a value was echoed: {seen:?}");
        assert!(!seen.contains("admin-user"), "a value was echoed: {seen:?}");
        let secret = unseal_file(&d.join("out.yaml"));
        assert_eq!(secret["metadata"]["name"], "db-credentials");
        assert_eq!(secret["metadata"]["namespace"], "payments");
        assert_eq!(decoded(&secret, "password"), b"hunter2-secret");
        assert_eq!(decoded(&secret, "user"), b"admin-user");
    }
}

#[test]
fn interactive_is_refused_without_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    create(dir.path())
        .args(["--interactive", "-w", "out.yaml", "--sealing-cert"])
        .arg(fixture(NEW_CRT))
        .write_stdin("payments\ndb\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--interactive needs a terminal"));
    assert!(!dir.path().join("out.yaml").exists());
}
