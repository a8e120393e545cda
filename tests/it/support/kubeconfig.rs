//! Writing kubeconfig files for tests.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde_json::{Value, json};

use super::fake_apiserver::FakeApiServer;

pub fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// How a kubeconfig cluster trusts the API server.
pub enum Ca<'a> {
    /// `certificate-authority-data`
    Data(&'a str),
    /// `certificate-authority: FILE`
    File(&'a Path),
    /// Nothing: the system roots.
    None,
    /// `insecure-skip-tls-verify: true`
    Insecure,
}

/// Builds a kubeconfig and writes it as YAML.
#[derive(Default)]
pub struct KubeconfigBuilder {
    clusters: Vec<Value>,
    users: Vec<Value>,
    contexts: Vec<Value>,
    current: Option<String>,
}

impl KubeconfigBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cluster(self, name: &str, server: &str, ca: Ca<'_>) -> Self {
        let mut cluster = json!({"server": server});
        match ca {
            Ca::Data(pem) => cluster["certificate-authority-data"] = json!(b64(pem)),
            Ca::File(path) => cluster["certificate-authority"] = json!(path.to_str().unwrap()),
            Ca::None => {}
            Ca::Insecure => cluster["insecure-skip-tls-verify"] = json!(true),
        }
        self.cluster_value(name, cluster)
    }

    /// A cluster with arbitrary fields (e.g. `proxy-url`).
    pub fn cluster_value(mut self, name: &str, cluster: Value) -> Self {
        self.clusters
            .push(json!({"name": name, "cluster": cluster}));
        self
    }

    pub fn user_token(self, name: &str, token: &str) -> Self {
        self.user_value(name, json!({"token": token}))
    }

    pub fn user_cert_files(self, name: &str, cert: &Path, key: &Path) -> Self {
        self.user_value(
            name,
            json!({"client-certificate": cert.to_str().unwrap(), "client-key": key.to_str().unwrap()}),
        )
    }

    pub fn user_cert_data(self, name: &str, cert_pem: &str, key_pem: &str) -> Self {
        self.user_value(
            name,
            json!({"client-certificate-data": b64(cert_pem), "client-key-data": b64(key_pem)}),
        )
    }

    /// An exec credential plugin run as `/bin/sh SCRIPT` (running the script
    /// through sh avoids "text file busy" races with other tests' forks).
    pub fn user_exec(self, name: &str, script: &Path, interactive_never: bool) -> Self {
        let mut exec = json!({
            "apiVersion": "client.authentication.k8s.io/v1",
            "command": "/bin/sh",
            "args": [script.to_str().unwrap()],
            "installHint": "install the fake-login plugin",
            "provideClusterInfo": false,
        });
        exec["interactiveMode"] = json!(if interactive_never {
            "Never"
        } else {
            "IfAvailable"
        });
        self.user_value(name, json!({"exec": exec}))
    }

    pub fn user_value(mut self, name: &str, user: Value) -> Self {
        self.users.push(json!({"name": name, "user": user}));
        self
    }

    pub fn context(
        mut self,
        name: &str,
        cluster: &str,
        user: &str,
        namespace: Option<&str>,
    ) -> Self {
        let mut context = json!({"cluster": cluster, "user": user});
        if let Some(ns) = namespace {
            context["namespace"] = json!(ns);
        }
        self.contexts
            .push(json!({"name": name, "context": context}));
        self
    }

    pub fn current(mut self, name: &str) -> Self {
        self.current = Some(name.to_string());
        self
    }

    pub fn to_yaml(&self) -> String {
        let mut doc = json!({
            "apiVersion": "v1",
            "kind": "Config",
            "preferences": {},
            "clusters": self.clusters,
            "users": self.users,
            "contexts": self.contexts,
        });
        if let Some(current) = &self.current {
            doc["current-context"] = json!(current);
        }
        serde_saphyr::to_string(&doc).expect("kubeconfig YAML")
    }

    pub fn write(&self, path: &Path) -> PathBuf {
        std::fs::write(path, self.to_yaml()).expect("write kubeconfig");
        path.to_path_buf()
    }
}

/// A kubeconfig for `server` with its token, its CA as data, and context
/// `fake` (namespace `team-a`) as the current one.
pub fn token_kubeconfig(server: &FakeApiServer, dir: &Path) -> PathBuf {
    KubeconfigBuilder::new()
        .cluster("fake", &server.url(), Ca::Data(server.ca_pem()))
        .user_token("alice", server.token())
        .context("fake", "fake", "alice", Some("team-a"))
        .current("fake")
        .write(&dir.join("kubeconfig"))
}

/// Writes an exec credential plugin script that prints an ExecCredential
/// with `token`, and returns its path.
pub fn exec_plugin_script(dir: &Path, token: &str) -> PathBuf {
    let path = dir.join("fake-login.sh");
    let credential = json!({
        "apiVersion": "client.authentication.k8s.io/v1",
        "kind": "ExecCredential",
        "status": {"token": token},
    });
    std::fs::write(
        &path,
        format!("#!/bin/sh\ncat <<'EOF'\n{credential}\nEOF\n"),
    )
    .expect("write plugin");
    path
}

/// Writes an exec credential plugin script that fails with `message` on stderr.
pub fn failing_exec_plugin_script(dir: &Path, message: &str) -> PathBuf {
    let path = dir.join("fake-login-broken.sh");
    std::fs::write(&path, format!("#!/bin/sh\necho '{message}' >&2\nexit 3\n"))
        .expect("write plugin");
    path
}
