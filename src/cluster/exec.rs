//! Exec credential plugins run as client-go runs them, but once per command:
//! kube would run the plugin for each part of the client it builds (TLS
//! identity, auth layer, expiry), so we run it ourselves, cache what it
//! returns for the rest of the process and hand kube a plain token or client
//! certificate. A 401 refreshes it once ([`ExecPlugin::refresh`]).
//!
//! As client-go: `interactiveMode` decides whether the plugin gets our
//! standard input (`Never`: no; `IfAvailable`: when it is a terminal;
//! `Always`: required, refused without a terminal), `KUBERNETES_EXEC_INFO`
//! says which, the plugin's standard error goes to ours as it is written
//! (device-code prompts), and a missing executable prints its `installHint`.

use std::collections::HashMap;
use std::io::{IsTerminal, Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use kube::config::{ExecAuthCluster, ExecConfig, ExecInteractiveMode};
use secrecy::SecretString;

use super::cluster_error::ClusterError;

/// The ExecCredential API versions client-go 1.32 speaks.
const API_VERSIONS: [&str; 2] = [
    "client.authentication.k8s.io/v1",
    "client.authentication.k8s.io/v1beta1",
];
/// What client-go adds after "executable ... not found".
const INSTALL_HELP: &str = "It looks like you are trying to use a client-go credential plugin that is not installed.\n\n\
To learn more about this feature, consult the documentation available at:\n      \
https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins";
/// Largest ExecCredential read from the plugin.
const MAX_STDOUT: usize = 1024 * 1024;
/// The plugin's standard error kept for messages (all of it is shown live).
const MAX_STDERR_KEPT: usize = 4096;

/// What a plugin returned.
#[derive(Clone)]
pub(crate) enum ExecCredential {
    Token(SecretString),
    Certificate { cert: String, key: SecretString },
}

impl PartialEq for ExecCredential {
    fn eq(&self, other: &Self) -> bool {
        use secrecy::ExposeSecret;
        match (self, other) {
            (Self::Token(a), Self::Token(b)) => a.expose_secret() == b.expose_secret(),
            (Self::Certificate { cert: a, key: ka }, Self::Certificate { cert: b, key: kb }) => {
                a == b && ka.expose_secret() == kb.expose_secret()
            }
            _ => false,
        }
    }
}

/// One configured plugin, validated as kubectl validates it.
#[derive(Clone)]
pub(crate) struct ExecPlugin {
    config: ExecConfig,
    api_version: String,
    mode: ExecInteractiveMode,
    cluster: Option<ExecAuthCluster>,
    /// Bound on one run (`--request-timeout` when given).
    timeout: Option<Duration>,
    /// The key of the process-wide cache.
    key: String,
}

/// Credentials already obtained in this process, by plugin configuration.
fn cache() -> &'static Mutex<HashMap<String, Arc<ExecCredential>>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<ExecCredential>>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

impl ExecPlugin {
    /// Checks the configuration as kubectl does before it runs anything.
    pub fn new(
        config: ExecConfig,
        user: &str,
        cluster: Option<ExecAuthCluster>,
        timeout: Option<Duration>,
    ) -> Result<Self, ClusterError> {
        let invalid = |reason: String, hint: &str| ClusterError::KubeconfigRefused {
            reason,
            hint: hint.to_string(),
        };
        let command = config.command.clone().filter(|c| !c.is_empty()).ok_or_else(|| {
            invalid(
                format!("user \"{user}\": exec: command must be specified to use exec authentication plugin"),
                "set users[].user.exec.command in the kubeconfig",
            )
        })?;
        let api_version = config.api_version.clone().unwrap_or_default();
        if api_version.is_empty() {
            return Err(invalid(
                format!(
                    "user \"{user}\": exec: apiVersion must be specified to use exec authentication plugin"
                ),
                "set exec.apiVersion: client.authentication.k8s.io/v1 (what your plugin's documentation says)",
            ));
        }
        if !API_VERSIONS.contains(&api_version.as_str()) {
            return Err(invalid(
                format!("user \"{user}\": exec plugin: invalid apiVersion \"{api_version}\""),
                "use client.authentication.k8s.io/v1 (or v1beta1); v1alpha1 was removed in Kubernetes 1.24",
            ));
        }
        let mode = match (&config.interactive_mode, api_version.as_str()) {
            (Some(mode), _) => mode.clone(),
            (None, "client.authentication.k8s.io/v1beta1") => ExecInteractiveMode::IfAvailable,
            (None, _) => {
                return Err(invalid(
                    format!(
                        "user \"{user}\": exec: interactiveMode must be specified for {command} to use exec authentication plugin"
                    ),
                    "add interactiveMode: Never (or IfAvailable, Always) to the user's exec section, as kubectl requires for client.authentication.k8s.io/v1",
                ));
            }
        };
        let key = serde_json::to_string(&(&config, &cluster)).unwrap_or_default();
        Ok(ExecPlugin {
            config,
            api_version,
            mode,
            cluster,
            timeout,
            key,
        })
    }

    pub fn command(&self) -> &str {
        self.config.command.as_deref().unwrap_or("")
    }

    pub fn install_hint(&self) -> Option<&str> {
        self.config
            .install_hint
            .as_deref()
            .filter(|h| !h.trim().is_empty())
    }

    /// The credential: the one this process already got, else a fresh run.
    pub fn credential(&self) -> Result<Arc<ExecCredential>, ClusterError> {
        if let Some(found) = cache().lock().ok().and_then(|c| c.get(&self.key).cloned()) {
            return Ok(found);
        }
        self.refresh()
    }

    /// Runs the plugin again (after a 401) and caches its answer.
    pub fn refresh(&self) -> Result<Arc<ExecCredential>, ClusterError> {
        let credential = Arc::new(self.run()?);
        if let Ok(mut c) = cache().lock() {
            c.insert(self.key.clone(), credential.clone());
        }
        Ok(credential)
    }

    fn failure(&self, reason: String, stderr: Option<String>) -> ClusterError {
        ClusterError::ExecPlugin {
            command: self.command().to_string(),
            reason,
            stderr,
            install_hint: None,
        }
    }

    fn run(&self) -> Result<ExecCredential, ClusterError> {
        let stdin_tty = std::io::stdin().is_terminal();
        let interactive = match self.mode {
            ExecInteractiveMode::Never => false,
            ExecInteractiveMode::IfAvailable => stdin_tty,
            ExecInteractiveMode::Always if stdin_tty => true,
            ExecInteractiveMode::Always => {
                return Err(self.failure(
                    "exec plugin cannot support interactive mode: standard input is not a terminal (interactiveMode: Always)"
                        .to_string(),
                    None,
                ));
            }
        };
        let mut spec = serde_json::json!({ "interactive": interactive });
        if self.config.provide_cluster_info {
            let cluster = self.cluster.as_ref().ok_or_else(|| {
                self.failure(
                    "provideClusterInfo is set but the cluster is unknown".to_string(),
                    None,
                )
            })?;
            spec["cluster"] = serde_json::to_value(cluster).unwrap_or_default();
        }
        let info = serde_json::json!({
            "kind": "ExecCredential",
            "apiVersion": self.api_version,
            "spec": spec,
        });

        let mut cmd = Command::new(self.command());
        cmd.args(self.config.args.iter().flatten());
        for pair in self.config.env.iter().flatten() {
            if let (Some(name), Some(value)) = (pair.get("name"), pair.get("value")) {
                cmd.env(name, value);
            }
        }
        cmd.env("KUBERNETES_EXEC_INFO", info.to_string());
        cmd.stdin(if interactive {
            Stdio::inherit()
        } else {
            Stdio::null()
        });
        cmd.stdout(Stdio::piped());
        cmd.stderr(Stdio::piped());

        let mut child = match cmd.spawn() {
            Ok(child) => child,
            // A path that does not exist: Go's fork/exec error, no hint (as kubectl).
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && self.command().contains('/') => {
                return Err(self.failure(
                    format!(
                        "exec: fork/exec {}: no such file or directory",
                        self.command()
                    ),
                    None,
                ));
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut reason = format!(
                    "exec: executable {} not found\n\n{INSTALL_HELP}",
                    self.command()
                );
                if let Some(hint) = self.install_hint() {
                    reason.push_str("\n\n");
                    reason.push_str(hint.trim_end());
                }
                return Err(ClusterError::ExecPlugin {
                    command: self.command().to_string(),
                    reason,
                    stderr: None,
                    install_hint: self.install_hint().map(str::to_string),
                });
            }
            Err(e) => return Err(self.failure(format!("cannot run it: {e}"), None)),
        };

        // Standard error goes to ours as it comes (prompts), a copy is kept.
        let mut err_pipe = child.stderr.take().expect("stderr is piped");
        let stderr_thread = std::thread::spawn(move || {
            let mut kept = Vec::new();
            let mut buf = [0u8; 4096];
            let mut out = std::io::stderr();
            while let Ok(n) = err_pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let _ = out.write_all(&buf[..n]);
                let _ = out.flush();
                let room = MAX_STDERR_KEPT.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
            }
            kept
        });
        let mut out_pipe = child.stdout.take().expect("stdout is piped");
        let stdout_thread = std::thread::spawn(move || {
            let mut data = Vec::new();
            let _ = (&mut out_pipe)
                .take(MAX_STDOUT as u64 + 1)
                .read_to_end(&mut data);
            data
        });

        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) => {}
                Err(e) => return Err(self.failure(format!("cannot wait for it: {e}"), None)),
            }
            if let Some(limit) = self.timeout
                && started.elapsed() >= limit
            {
                let _ = child.kill();
                let _ = child.wait();
                return Err(self.failure(
                    format!(
                        "it did not finish within {}s (--request-timeout)",
                        limit.as_secs_f64()
                    ),
                    None,
                ));
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let stdout = stdout_thread.join().unwrap_or_default();
        let stderr = stderr_thread.join().unwrap_or_default();
        let printed = !String::from_utf8_lossy(&stderr).trim().is_empty();
        if !status.success() {
            let reason = match status.code() {
                Some(code) => format!(
                    "exec: executable {} failed with exit code {code}",
                    self.command()
                ),
                None => format!("exec: executable {} was killed ({status})", self.command()),
            };
            // Its error output was shown live: say so instead of repeating it.
            let reason = if printed {
                format!("{reason} (its error output is printed above)")
            } else {
                reason
            };
            let kept = String::from_utf8_lossy(&stderr).trim().to_string();
            return Err(self.failure(reason, printed.then_some(kept)));
        }
        if stdout.len() > MAX_STDOUT {
            return Err(self.failure("its output is larger than 1 MiB".to_string(), None));
        }
        self.parse(&stdout)
    }

    /// Reads the ExecCredential as client-go does (never echoes it: it holds a token).
    fn parse(&self, stdout: &[u8]) -> Result<ExecCredential, ClusterError> {
        #[derive(serde::Deserialize)]
        struct Answer {
            #[serde(rename = "apiVersion")]
            api_version: Option<String>,
            kind: Option<String>,
            status: Option<Status>,
        }
        #[derive(serde::Deserialize)]
        struct Status {
            token: Option<String>,
            #[serde(rename = "clientCertificateData")]
            cert: Option<String>,
            #[serde(rename = "clientKeyData")]
            key: Option<String>,
        }
        let answer: Answer = serde_json::from_slice(stdout).map_err(|_| {
            self.failure(
                "decoding stdout: its output is not an ExecCredential in JSON".to_string(),
                None,
            )
        })?;
        let returned = answer.api_version.unwrap_or_default();
        if returned != self.api_version {
            return Err(self.failure(
                format!(
                    "exec plugin is configured to use API version {}, plugin returned version {}",
                    self.api_version,
                    if returned.is_empty() {
                        "\"\""
                    } else {
                        &returned
                    }
                ),
                None,
            ));
        }
        if answer.kind.as_deref() != Some("ExecCredential") {
            return Err(self.failure(
                "its output is not an ExecCredential (kind)".to_string(),
                None,
            ));
        }
        let status = answer.status.ok_or_else(|| {
            self.failure("exec plugin didn't return a status field".to_string(), None)
        })?;
        let nonempty = |s: Option<String>| s.filter(|s| !s.is_empty());
        match (
            nonempty(status.token),
            nonempty(status.cert),
            nonempty(status.key),
        ) {
            (_, Some(cert), Some(key)) => Ok(ExecCredential::Certificate {
                cert,
                key: SecretString::from(key),
            }),
            (_, Some(_), None) | (_, None, Some(_)) => Err(self.failure(
                "exec plugin returned only certificate or key, not both".to_string(),
                None,
            )),
            (Some(token), None, None) => Ok(ExecCredential::Token(SecretString::from(token))),
            (None, None, None) => Err(self.failure(
                "exec plugin didn't return a token or cert/key pair".to_string(),
                None,
            )),
        }
    }
}
