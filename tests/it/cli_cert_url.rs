//! Certificates from http:// and file:// URLs, served on loopback.

use std::io::{Read, Write};
use std::net::TcpListener;

use crate::common::*;
use predicates::prelude::*;

/// Serves `responses` in turn, one per connection, on 127.0.0.1.
fn serve(responses: Vec<Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for response in responses {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(&response);
        }
    });
    format!("http://{addr}")
}

fn ok(body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

#[test]
fn seals_with_a_certificate_from_an_http_url_and_warns() {
    let pem = std::fs::read(fixture("keys/new/tls.crt")).unwrap();
    let base = serve(vec![ok(&pem)]);
    sealant()
        .args(["seal", "--cert", &format!("{base}/v1/cert.pem")])
        .write_stdin(read("secrets/tls.yaml"))
        .assert()
        .success()
        .stdout(predicate::str::contains("kind: SealedSecret"))
        .stderr(predicate::str::contains(
            "warning: fetching the certificate over plain http",
        ));
}

#[test]
fn http_errors_and_oversized_answers_are_certificate_errors() {
    let base = serve(vec![
        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
    ]);
    sealant()
        .args(["cert", "fetch", "--cert", &format!("{base}/cert.pem")])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("the server answered 404"));
    let huge = vec![b'A'; 2 * 1024 * 1024];
    let base = serve(vec![ok(&huge)]);
    sealant()
        .args(["cert", "fetch", "--cert", &format!("{base}/cert.pem")])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("larger than 1 MiB"));
}

#[test]
fn redirects_are_limited() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(20) {
            let Ok(mut stream) = stream else { return };
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let r = format!(
                "HTTP/1.1 302 Found\r\nLocation: http://{addr}/loop\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(r.as_bytes());
        }
    });
    sealant()
        .args(["cert", "fetch", "--cert", &format!("http://{addr}/start")])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("redirect"));
}

#[test]
fn file_urls_and_pem_bundles_use_the_first_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("bundle.pem");
    let mut text = std::fs::read_to_string(fixture("keys/new/tls.crt")).unwrap();
    text.push_str(&std::fs::read_to_string(fixture("keys/old/tls.crt")).unwrap());
    std::fs::write(&bundle, text).unwrap();
    let new_fp = sealant()
        .args(["cert", "show"])
        .arg(fixture("keys/new/tls.crt"))
        .output()
        .unwrap()
        .stdout;
    let new_fp = String::from_utf8(new_fp).unwrap();
    let fp_line = new_fp
        .lines()
        .find(|l| l.starts_with("fingerprint"))
        .unwrap()
        .to_string();
    sealant()
        .args(["cert", "show", &format!("file://{}", bundle.display())])
        .assert()
        .success()
        .stdout(predicate::str::contains(fp_line));
}

#[test]
fn a_non_rsa_certificate_is_refused() {
    let p = fixture("../ec-cert.pem");
    sealant()
        .args(["seal", "--cert"])
        .arg(&p)
        .write_stdin(read("secrets/tls.yaml"))
        .assert()
        .code(4)
        .stderr(predicate::str::contains(
            "ec-cert.pem: holds an EC key, not an RSA key",
        ));
}
