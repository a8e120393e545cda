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

/// Serves `response` once and hands back the request's first line.
fn serve_recording(response: Vec<u8>) -> (String, std::sync::mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        let mut buf = [0u8; 4096];
        let n = stream.read(&mut buf).unwrap_or(0);
        let head = String::from_utf8_lossy(&buf[..n]).to_string();
        let _ = tx.send(head.lines().next().unwrap_or_default().to_string());
        let _ = stream.write_all(&response);
    });
    (format!("http://{addr}"), rx)
}

#[test]
fn http_urls_go_through_http_proxy_unless_no_proxy_says_otherwise() {
    let pem = std::fs::read(fixture("keys/new/tls.crt")).unwrap();
    // The host does not resolve: only the proxy can answer.
    let (proxy, request) = serve_recording(ok(&pem));
    sealant()
        .env("HTTP_PROXY", &proxy)
        .args(["cert", "fetch", "--cert", "http://cert.invalid/v1/cert.pem"])
        .assert()
        .success()
        .stdout(predicate::str::contains("BEGIN CERTIFICATE"));
    assert_eq!(
        request.recv().unwrap(),
        "GET http://cert.invalid/v1/cert.pem HTTP/1.1"
    );
    // NO_PROXY sends it straight to the server; the proxy is not running.
    let (base, request) = serve_recording(ok(&pem));
    sealant()
        .env("http_proxy", "http://127.0.0.1:1")
        .env("NO_PROXY", "127.0.0.1")
        .args(["cert", "fetch", "--cert", &format!("{base}/v1/cert.pem")])
        .assert()
        .success();
    assert_eq!(request.recv().unwrap(), "GET /v1/cert.pem HTTP/1.1");
}

#[test]
fn https_urls_tunnel_through_https_proxy() {
    let proxy = crate::support::fake_apiserver::ConnectProxy::start();
    // A plain HTTP server behind the tunnel: the TLS handshake through the
    // tunnel fails, which proves the connection went through it and TLS was
    // not skipped.
    let (base, _request) = serve_recording(ok(b"not TLS"));
    let target = base.trim_start_matches("http://").to_string();
    sealant()
        .env("HTTPS_PROXY", proxy.url())
        .args([
            "cert",
            "fetch",
            "--cert",
            &format!("https://{target}/cert.pem"),
        ])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("cannot connect"));
    assert_eq!(proxy.tunnels(), vec![target]);
    // A proxy that refuses the tunnel is a connect error naming the tunnel.
    sealant()
        .env("HTTPS_PROXY", "http://127.0.0.1:1")
        .args(["cert", "fetch", "--cert", "https://cert.invalid/cert.pem"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("tunnel"));
}
