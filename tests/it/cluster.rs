//! `sealant::internals::cluster` against the fake API server in `tests/it/support`.
//!
//! No test touches the process environment: `KUBECONFIG` and the home
//! directory are passed in an `Environment`.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::fake_apiserver::{
    ConnectProxy, Denial, FakeApiServer, FakeCluster, FakeService, HangingServer, Pki,
    RotateBehaviour, SeenCredential, VerifyBehaviour, resealed_value,
};
use crate::support::kubeconfig::{
    Ca, KubeconfigBuilder, exec_plugin_script, failing_exec_plugin_script, token_kubeconfig,
};
use sealant::internals::cluster::{
    CaSource, ClusterError, ClusterOptions, Controller, CredentialSource, Environment, ServiceRef,
    default_namespace_with_env,
};
use serde_json::{Value, json};

const CERT_PATH: &str =
    "/api/v1/namespaces/kube-system/services/http:sealed-secrets-controller:http/proxy/v1/cert.pem";

/// No `KUBECONFIG`, no home directory, not in a pod.
fn empty_env() -> Environment {
    Environment::default()
}

fn options(kubeconfig: &Path) -> ClusterOptions {
    ClusterOptions {
        kubeconfig: Some(kubeconfig.to_path_buf()),
        request_timeout: Some(Duration::from_secs(10)),
        ..Default::default()
    }
}

fn connect(options: &ClusterOptions) -> Result<Controller, ClusterError> {
    // 429 retries happen at once: the waits are unit-tested, not slept through.
    sealant::internals::cluster::cap_retry_delays_for_tests(Duration::ZERO);
    Controller::connect_with_env(options, &empty_env())
}

fn connect_to(server: &FakeApiServer, dir: &Path) -> Controller {
    connect(&options(&token_kubeconfig(server, dir))).expect("connect")
}

fn sealed_secret() -> Value {
    json!({
        "apiVersion": "bitnami.com/v1alpha1",
        "kind": "SealedSecret",
        "metadata": {"name": "db", "namespace": "team-a", "labels": {"app": "db"}},
        "spec": {
            "encryptedData": {"password": "AgBy3i4OJSWK+PiTySYZZA=="},
            "template": {
                "metadata": {"name": "db", "namespace": "team-a", "labels": {"app": "db", "tier": "backend"}},
                "type": "Opaque"
            }
        }
    })
}

fn paths(server: &FakeApiServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| match &r.query {
            Some(q) => format!("{} {}?{}", r.method, r.path, q),
            None => format!("{} {}", r.method, r.path),
        })
        .collect()
}

fn service(ns: &str, name: &str) -> ServiceRef {
    ServiceRef {
        namespace: ns.into(),
        name: name.into(),
    }
}

// --- authentication ---------------------------------------------------------

#[test]
fn token_auth_fetches_the_certificate_through_the_service_proxy() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster::default());
    let controller = connect_to(&server, dir.path());

    assert_eq!(controller.note(), None);
    assert_eq!(
        controller.service(),
        &service("kube-system", "sealed-secrets-controller")
    );
    assert_eq!(controller.port(), "http");
    assert_eq!(controller.server(), server.url());

    let pem = controller.fetch_cert().unwrap();
    assert_eq!(pem, server.sealing_cert_pem().as_bytes());
    assert_eq!(
        paths(&server),
        vec![
            "GET /api/v1/namespaces/kube-system/services/sealed-secrets-controller".to_string(),
            format!("GET {CERT_PATH}"),
        ]
    );
    for request in server.requests() {
        assert_eq!(
            request.credential,
            SeenCredential::Bearer(server.token().to_string())
        );
    }
}

#[test]
fn client_certificate_files_authenticate() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster::default());
    let cert = dir.path().join("client.crt");
    let key = dir.path().join("client.key");
    std::fs::write(&cert, server.client_cert_pem()).unwrap();
    std::fs::write(&key, server.client_key_pem()).unwrap();
    let ca = dir.path().join("ca.crt");
    std::fs::write(&ca, server.ca_pem()).unwrap();
    let kubeconfig = KubeconfigBuilder::new()
        .cluster("fake", &server.url(), Ca::File(&ca))
        .user_cert_files("bob", &cert, &key)
        .context("fake", "fake", "bob", None)
        .current("fake")
        .write(&dir.path().join("kubeconfig"));

    let controller = connect(&options(&kubeconfig)).unwrap();
    controller.fetch_cert().unwrap();
    for request in server.requests() {
        assert_eq!(
            request.credential,
            SeenCredential::ClientCertificate {
                common_name: "cert-user".into()
            }
        );
    }
}

#[test]
fn client_certificate_data_authenticates() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster::default());
    let kubeconfig = KubeconfigBuilder::new()
        .cluster("fake", &server.url(), Ca::Data(server.ca_pem()))
        .user_cert_data("bob", server.client_cert_pem(), server.client_key_pem())
        .context("fake", "fake", "bob", None)
        .current("fake")
        .write(&dir.path().join("kubeconfig"));

    let controller = connect(&options(&kubeconfig)).unwrap();
    assert!(
        controller
            .verify(sealed_secret().to_string().as_bytes())
            .unwrap()
    );
    assert!(matches!(
        server.requests().last().unwrap().credential,
        SeenCredential::ClientCertificate { .. }
    ));
}

#[test]
fn client_certificate_flags_override_the_kubeconfig_user() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster::default());
    let cert = dir.path().join("client.crt");
    let key = dir.path().join("client.key");
    std::fs::write(&cert, server.client_cert_pem()).unwrap();
    std::fs::write(&key, server.client_key_pem()).unwrap();
    let kubeconfig = KubeconfigBuilder::new()
        .cluster("fake", &server.url(), Ca::Data(server.ca_pem()))
        .user_value("nobody", json!({}))
        .context("fake", "fake", "nobody", None)
        .current("fake")
        .write(&dir.path().join("kubeconfig"));
    let mut opts = options(&kubeconfig);
    opts.client_certificate = Some(cert);
    opts.client_key = Some(key);
    connect(&opts).unwrap().fetch_cert().unwrap();
    assert!(matches!(
        server.requests()[0].credential,
        SeenCredential::ClientCertificate { .. }
    ));
}

#[cfg(unix)]
#[test]
fn exec_plugin_provides_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster::default());
    let script = exec_plugin_script(dir.path(), server.token());
    let kubeconfig = KubeconfigBuilder::new()
        .cluster("fake", &server.url(), Ca::Data(server.ca_pem()))
        .user_exec("eks-user", &script, true)
        .context("fake", "fake", "eks-user", None)
        .current("fake")
        .write(&dir.path().join("kubeconfig"));

    let controller = connect(&options(&kubeconfig)).unwrap();
    controller.fetch_cert().unwrap();
    assert_eq!(
        server.requests()[0].credential,
        SeenCredential::Bearer(server.token().to_string())
    );
}

#[cfg(unix)]
#[test]
fn exec_plugin_failure_reports_its_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster::default());
    let script = failing_exec_plugin_script(dir.path(), "error: the SSO session has expired");
    let kubeconfig = KubeconfigBuilder::new()
        .cluster("fake", &server.url(), Ca::Data(server.ca_pem()))
        .user_exec("eks-user", &script, true)
        .context("fake", "fake", "eks-user", None)
        .current("fake")
        .write(&dir.path().join("kubeconfig"));

    let err = connect(&options(&kubeconfig)).unwrap_err();
    match &err {
        ClusterError::ExecPlugin {
            command, stderr, ..
        } => {
            assert_eq!(command, "/bin/sh");
            assert_eq!(
                stderr.as_deref(),
                Some("error: the SSO session has expired")
            );
        }
        other => panic!("unexpected error: {other}"),
    }
    // As kubectl: the exit code; the plugin's stderr was shown as it came.
    assert!(
        err.to_string().contains(
            "exec: executable /bin/sh failed with exit code 3 (its error output is printed above)"
        ),
        "{err}"
    );
    assert!(
        !err.to_string().contains("SSO session has expired"),
        "{err}"
    );
    let hint = err.hint().unwrap();
    assert!(hint.starts_with("run `/bin/sh` by hand"), "{hint}");
    assert!(server.requests().is_empty());
}

#[test]
fn rejected_token_is_a_401_without_the_token_in_the_message() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster::default());
    let kubeconfig = KubeconfigBuilder::new()
        .cluster("fake", &server.url(), Ca::Data(server.ca_pem()))
        .user_token("alice", "expired-token-7f3a9c")
        .context("fake", "fake", "alice", None)
        .current("fake")
        .write(&dir.path().join("kubeconfig"));

    let err = connect(&options(&kubeconfig)).unwrap_err();
    match &err {
        ClusterError::Unauthorized { credentials, .. } => assert_eq!(
            credentials,
            &CredentialSource::KubeconfigToken {
                user: "alice".into()
            }
        ),
        other => panic!("unexpected error: {other}"),
    }
    let text = format!("{err} {}", err.hint().unwrap());
    assert!(!text.contains("expired-token-7f3a9c"), "{text}");
    assert!(text.contains("expired"), "{text}");

    // --token replaces the kubeconfig's and is reported as such.
    let mut opts = options(&kubeconfig);
    opts.token = Some("another-bad-token".into());
    match connect(&opts).unwrap_err() {
        ClusterError::Unauthorized { credentials, .. } => {
            assert_eq!(credentials, CredentialSource::TokenFlag)
        }
        other => panic!("unexpected error: {other}"),
    }
    opts.token = Some(server.token().into());
    connect(&opts).unwrap();
}

// --- kubeconfig selection -----------------------------------------------------

#[test]
fn kubeconfig_list_is_merged_and_the_first_file_wins() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster::default());
    let first = KubeconfigBuilder::new()
        .cluster("fake", &server.url(), Ca::Data(server.ca_pem()))
        .context("main", "fake", "alice", Some("team-a"))
        .current("main")
        .write(&dir.path().join("first"));
    let second = KubeconfigBuilder::new()
        .cluster("unreachable", "https://127.0.0.1:9", Ca::None)
        .user_token("alice", server.token())
        .context("main", "unreachable", "alice", Some("ignored"))
        .context("other", "unreachable", "alice", None)
        .current("other")
        .write(&dir.path().join("second"));

    let env = Environment {
        kubeconfig: Some(std::env::join_paths([&first, &second]).unwrap()),
        ..Default::default()
    };
    let opts = ClusterOptions {
        request_timeout: Some(Duration::from_secs(5)),
        ..Default::default()
    };
    let controller = Controller::connect_with_env(&opts, &env).unwrap();
    controller.fetch_cert().unwrap();
    assert_eq!(
        server.requests()[0].credential,
        SeenCredential::Bearer(server.token().to_string())
    );
    assert_eq!(
        default_namespace_with_env(&opts, &env).unwrap().as_deref(),
        Some("team-a")
    );

    // The other order makes the second file's current-context win.
    let reversed = Environment {
        kubeconfig: Some(std::env::join_paths([&second, &first]).unwrap()),
        ..Default::default()
    };
    match Controller::connect_with_env(&opts, &reversed).unwrap_err() {
        ClusterError::Connect { url, .. } => {
            assert!(url.starts_with("https://127.0.0.1:9/"), "{url}")
        }
        other => panic!("unexpected error: {other}"),
    }
    assert_eq!(
        default_namespace_with_env(&opts, &reversed)
            .unwrap()
            .as_deref(),
        Some("default")
    );
}

#[test]
fn default_namespace_follows_kubectl() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster::default());
    let kubeconfig = token_kubeconfig(&server, dir.path());
    let env = empty_env();

    let mut opts = options(&kubeconfig);
    assert_eq!(
        default_namespace_with_env(&opts, &env).unwrap().as_deref(),
        Some("team-a")
    );
    opts.namespace = Some("from-flag".into());
    assert_eq!(
        default_namespace_with_env(&opts, &env).unwrap().as_deref(),
        Some("from-flag")
    );

    let home = tempfile::tempdir().unwrap();
    let nothing = Environment {
        home: Some(home.path().to_path_buf()),
        ..Default::default()
    };
    assert_eq!(
        default_namespace_with_env(&ClusterOptions::default(), &nothing).unwrap(),
        None
    );
    // ~/.kube/config is used when KUBECONFIG is unset.
    std::fs::create_dir(home.path().join(".kube")).unwrap();
    std::fs::copy(&kubeconfig, home.path().join(".kube/config")).unwrap();
    assert_eq!(
        default_namespace_with_env(&ClusterOptions::default(), &nothing)
            .unwrap()
            .as_deref(),
        Some("team-a")
    );
}

#[test]
fn unknown_context_and_missing_kubeconfig() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster::default());
    let mut opts = options(&token_kubeconfig(&server, dir.path()));
    opts.context = Some("prod".into());
    let err = connect(&opts).unwrap_err();
    assert!(matches!(err, ClusterError::ContextNotFound { .. }), "{err}");
    assert!(err.hint().unwrap().contains("available: fake"));

    let home = tempfile::tempdir().unwrap();
    let env = Environment {
        home: Some(home.path().to_path_buf()),
        ..Default::default()
    };
    let err = Controller::connect_with_env(&ClusterOptions::default(), &env).unwrap_err();
    assert!(matches!(err, ClusterError::NoKubeconfig { .. }), "{err}");
    assert!(err.to_string().contains(".kube/config"), "{err}");
    assert!(server.requests().is_empty());
}

#[test]
fn flags_alone_reach_the_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster::default());
    let ca = dir.path().join("ca.crt");
    std::fs::write(&ca, server.ca_pem()).unwrap();
    let opts = ClusterOptions {
        server: Some(server.url()),
        token: Some(server.token().into()),
        certificate_authority: Some(ca),
        request_timeout: Some(Duration::from_secs(10)),
        ..Default::default()
    };
    let controller = connect(&opts).unwrap();
    controller.fetch_cert().unwrap();
    assert_eq!(
        default_namespace_with_env(&opts, &empty_env()).unwrap(),
        None
    );
}

#[test]
fn proxy_url_in_the_kubeconfig_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster::default());
    let proxy = ConnectProxy::start();
    let kubeconfig = KubeconfigBuilder::new()
        .cluster_value(
            "fake",
            json!({
                "server": server.url(),
                "certificate-authority-data": base64_of(server.ca_pem()),
                "proxy-url": proxy.url(),
            }),
        )
        .user_token("alice", server.token())
        .context("fake", "fake", "alice", None)
        .current("fake")
        .write(&dir.path().join("kubeconfig"));

    connect(&options(&kubeconfig))
        .unwrap()
        .fetch_cert()
        .unwrap();
    assert!(
        proxy.tunnels().contains(&server.addr().to_string()),
        "{:?}",
        proxy.tunnels()
    );
}

fn base64_of(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}

// --- TLS -----------------------------------------------------------------------

#[test]
fn untrusted_server_names_the_ca_that_was_used() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster::default());
    let other = Pki::new();

    let with_ca = |ca: Ca<'_>, file: &str| {
        KubeconfigBuilder::new()
            .cluster("fake", &server.url(), ca)
            .user_token("alice", server.token())
            .context("fake", "fake", "alice", None)
            .current("fake")
            .write(&dir.path().join(file))
    };

    let err = connect(&options(&with_ca(Ca::Data(&other.ca_pem), "data"))).unwrap_err();
    match &err {
        ClusterError::TlsUntrusted { ca, reason, .. } => {
            assert_eq!(
                ca,
                &CaSource::KubeconfigData {
                    cluster: "fake".into()
                }
            );
            assert_eq!(reason, "signed by an unknown authority");
        }
        other => panic!("unexpected error: {other}"),
    }
    assert!(
        err.to_string()
            .contains("certificate-authority-data of kubeconfig cluster \"fake\"")
    );

    let ca_file = dir.path().join("other-ca.crt");
    std::fs::write(&ca_file, &other.ca_pem).unwrap();
    match connect(&options(&with_ca(Ca::File(&ca_file), "file"))).unwrap_err() {
        ClusterError::TlsUntrusted { ca, .. } => assert_eq!(
            ca,
            CaSource::KubeconfigFile {
                cluster: "fake".into(),
                path: ca_file.clone()
            }
        ),
        other => panic!("unexpected error: {other}"),
    }

    let err = connect(&options(&with_ca(Ca::None, "none"))).unwrap_err();
    match &err {
        ClusterError::TlsUntrusted { ca, .. } => assert_eq!(ca, &CaSource::SystemRoots),
        other => panic!("unexpected error: {other}"),
    }
    assert!(err.hint().unwrap().contains("--certificate-authority"));

    // insecure-skip-tls-verify in the kubeconfig, or the flag, skips verification.
    connect(&options(&with_ca(Ca::Insecure, "insecure")))
        .unwrap()
        .fetch_cert()
        .unwrap();
    let mut opts = options(&with_ca(Ca::Data(&other.ca_pem), "data2"));
    opts.insecure_skip_tls_verify = true;
    connect(&opts).unwrap().fetch_cert().unwrap();
    assert!(server.requests().len() >= 4);
}

#[test]
fn a_rotated_ca_of_the_same_name_is_reported_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let server =
        FakeApiServer::start_with_pki(FakeCluster::default(), Pki::with_ca_name("kubernetes"));
    let old_ca = Pki::with_ca_name("kubernetes");
    let kubeconfig = KubeconfigBuilder::new()
        .cluster("fake", &server.url(), Ca::Data(&old_ca.ca_pem))
        .user_token("alice", server.token())
        .context("fake", "fake", "alice", None)
        .current("fake")
        .write(&dir.path().join("kubeconfig"));
    match connect(&options(&kubeconfig)).unwrap_err() {
        ClusterError::TlsUntrusted { reason, .. } => {
            assert!(reason.contains("rotated CA"), "{reason}")
        }
        other => panic!("unexpected error: {other}"),
    }
}

#[test]
fn client_certificate_from_another_ca_is_refused_by_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster::default());
    let other = Pki::new();
    let kubeconfig = KubeconfigBuilder::new()
        .cluster("fake", &server.url(), Ca::Data(server.ca_pem()))
        .user_cert_data("mallory", &other.client_cert_pem, &other.client_key_pem)
        .context("fake", "fake", "mallory", None)
        .current("fake")
        .write(&dir.path().join("kubeconfig"));
    let err = connect(&options(&kubeconfig)).unwrap_err();
    match &err {
        ClusterError::TlsHandshake { credentials, .. } => assert_eq!(
            credentials,
            &CredentialSource::KubeconfigClientCertificate {
                user: "mallory".into()
            }
        ),
        other => panic!("unexpected error: {other}"),
    }
    assert!(
        err.hint().unwrap().contains("client certificate"),
        "{err:?}"
    );
}

// --- RBAC, discovery, endpoints ---------------------------------------------------

#[test]
fn forbidden_names_the_missing_rule() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster {
        denials: vec![
            Denial::new("get", "services/proxy", Some("kube-system")),
            Denial::new("create", "services/proxy", Some("kube-system")),
        ],
        ..Default::default()
    });
    let controller = connect_to(&server, dir.path());

    let err = controller.fetch_cert().unwrap_err();
    match &err {
        ClusterError::Forbidden {
            verb,
            resource,
            namespace,
            message,
        } => {
            assert_eq!(
                (verb.as_str(), resource.as_str()),
                ("get", "services/proxy")
            );
            assert_eq!(namespace.as_deref(), Some("kube-system"));
            assert!(
                message.contains("User \"token-user\" cannot get resource"),
                "{message}"
            );
        }
        other => panic!("unexpected error: {other}"),
    }
    assert!(
        err.hint()
            .unwrap()
            .contains("`get services/proxy` in namespace kube-system")
    );

    let err = controller
        .verify(sealed_secret().to_string().as_bytes())
        .unwrap_err();
    assert!(
        err.hint()
            .unwrap()
            .contains("`create services/proxy` in namespace kube-system"),
        "{err}"
    );

    let server = FakeApiServer::start(FakeCluster {
        denials: vec![Denial::new("get", "services", Some("kube-system"))],
        ..Default::default()
    });
    let err = connect(&options(&token_kubeconfig(&server, dir.path()))).unwrap_err();
    assert!(
        err.hint()
            .unwrap()
            .contains("`get services` in namespace kube-system"),
        "{err}"
    );
}

#[test]
fn missing_service_uses_the_single_controller_found_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster {
        services: vec![
            FakeService::helm("sealed-secrets"),
            FakeService::helm_metrics("sealed-secrets"),
        ],
        ..Default::default()
    });
    let controller = connect_to(&server, dir.path());
    assert_eq!(
        controller.note(),
        Some("using controller service sealed-secrets/sealed-secrets")
    );
    assert_eq!(
        controller.service(),
        &service("sealed-secrets", "sealed-secrets")
    );
    // The Helm chart's port is unnamed: its number is used.
    assert_eq!(controller.port(), "8080");
    controller.fetch_cert().unwrap();
    let seen = paths(&server);
    assert!(seen.contains(
        &"GET /api/v1/services?labelSelector=app.kubernetes.io%2Fname%3Dsealed-secrets".to_string()
    ));
    assert!(seen.contains(
        &"GET /api/v1/services?labelSelector=name%3Dsealed-secrets-controller".to_string()
    ));
    assert!(seen.contains(
        &"GET /api/v1/services?fieldSelector=metadata.name%3Dsealed-secrets".to_string()
    ));
    assert_eq!(
        seen.last().unwrap(),
        "GET /api/v1/namespaces/sealed-secrets/services/http:sealed-secrets:8080/proxy/v1/cert.pem"
    );
}

#[test]
fn missing_service_with_several_candidates_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut renamed = FakeService::controller();
    renamed.namespace = "ops".into();
    let server = FakeApiServer::start(FakeCluster {
        services: vec![
            FakeService::helm("tenant-b"),
            renamed,
            FakeService::helm("tenant-a"),
        ],
        ..Default::default()
    });
    let err = connect(&options(&token_kubeconfig(&server, dir.path()))).unwrap_err();
    match &err {
        ClusterError::ServiceNotFound {
            service: wanted,
            candidates,
            search_error,
        } => {
            assert_eq!(wanted, &service("kube-system", "sealed-secrets-controller"));
            assert_eq!(
                candidates,
                &vec![
                    service("ops", "sealed-secrets-controller"),
                    service("tenant-a", "sealed-secrets"),
                    service("tenant-b", "sealed-secrets"),
                ]
            );
            assert_eq!(search_error, &None);
        }
        other => panic!("unexpected error: {other}"),
    }
    let hint = err.hint().unwrap();
    assert!(
        hint.contains("--controller-namespace tenant-a --controller-name sealed-secrets"),
        "{hint}"
    );
}

#[test]
fn missing_service_without_candidates_or_list_permission() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster {
        services: vec![],
        ..Default::default()
    });
    let err = connect(&options(&token_kubeconfig(&server, dir.path()))).unwrap_err();
    assert!(
        matches!(&err, ClusterError::ServiceNotFound { candidates, search_error: None, .. } if candidates.is_empty()),
        "{err}"
    );
    assert!(err.hint().unwrap().contains("--controller-name"));

    let server = FakeApiServer::start(FakeCluster {
        services: vec![FakeService::helm("sealed-secrets")],
        denials: vec![Denial::new("list", "services", None)],
        ..Default::default()
    });
    let err = connect(&options(&token_kubeconfig(&server, dir.path()))).unwrap_err();
    match &err {
        ClusterError::ServiceNotFound { search_error, .. } => {
            assert!(
                search_error.as_deref().unwrap().contains("forbidden"),
                "{err:?}"
            )
        }
        other => panic!("unexpected error: {other}"),
    }
    assert!(
        err.hint()
            .unwrap()
            .contains("searching other namespaces was not possible")
    );
}

#[test]
fn no_endpoints_means_the_controller_is_not_running() {
    let dir = tempfile::tempdir().unwrap();
    let mut down = FakeService::controller();
    down.endpoints = false;
    let server = FakeApiServer::start(FakeCluster {
        services: vec![down],
        ..Default::default()
    });
    let err = connect_to(&server, dir.path()).fetch_cert().unwrap_err();
    assert!(matches!(err, ClusterError::NoEndpoints { .. }), "{err}");
    assert!(
        err.hint()
            .unwrap()
            .contains("kubectl -n kube-system get pods")
    );
    // Not retried: one proxied request.
    assert_eq!(server.requests().len(), 2);
}

// --- controller endpoints -------------------------------------------------------------

#[test]
fn verify_answers_true_on_200_and_false_on_409() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster::default());
    let controller = connect_to(&server, dir.path());
    let body = sealed_secret().to_string();

    assert!(controller.verify(body.as_bytes()).unwrap());
    let request = server.requests().pop().unwrap();
    assert_eq!(request.method, "POST");
    assert!(
        request.path.ends_with("/proxy/v1/verify"),
        "{}",
        request.path
    );
    assert_eq!(request.content_type.as_deref(), Some("application/json"));
    assert_eq!(request.body, body.as_bytes());

    server.configure(|c| c.verify = VerifyBehaviour::DoesNotDecrypt);
    assert!(!controller.verify(body.as_bytes()).unwrap());
}

#[test]
fn verify_retries_a_429_with_retry_after_without_waiting_it_out() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster {
        verify: VerifyBehaviour::RateLimited {
            times: 1,
            retry_after: Some(1),
        },
        ..Default::default()
    });
    let controller = connect_to(&server, dir.path());
    assert!(
        controller
            .verify(sealed_secret().to_string().as_bytes())
            .unwrap()
    );
    let verifies = server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/v1/verify"))
        .count();
    assert_eq!(verifies, 2);
}

#[test]
fn verify_gives_up_after_a_few_429s() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster {
        verify: VerifyBehaviour::RateLimited {
            times: 100,
            retry_after: None,
        },
        ..Default::default()
    });
    let controller = connect_to(&server, dir.path());
    let err = controller
        .verify(sealed_secret().to_string().as_bytes())
        .unwrap_err();
    assert!(
        matches!(err, ClusterError::RateLimited { attempts: 4, .. }),
        "{err}"
    );
    // Four attempts reached the server (the waits between them, 250, 500 and
    // 1000 ms, are unit-tested in src/cluster/client.rs).
    let verifies = server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/v1/verify"))
        .count();
    assert_eq!(verifies, 4);
}

#[test]
fn rotate_returns_the_resealed_secret() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster::default());
    let controller = connect_to(&server, dir.path());
    let out: Value = serde_json::from_slice(
        &controller
            .rotate(sealed_secret().to_string().as_bytes())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        out["spec"]["encryptedData"]["password"],
        json!(resealed_value("AgBy3i4OJSWK+PiTySYZZA=="))
    );
    assert_eq!(out["spec"]["template"], sealed_secret()["spec"]["template"]);
    assert!(
        server
            .requests()
            .last()
            .unwrap()
            .path
            .ends_with("/proxy/v1/rotate")
    );
}

#[test]
fn rotate_failure_is_a_typed_error() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster {
        rotate: RotateBehaviour::Fail,
        ..Default::default()
    });
    let err = connect_to(&server, dir.path())
        .rotate(sealed_secret().to_string().as_bytes())
        .unwrap_err();
    assert!(matches!(err, ClusterError::RotateFailed { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "the controller could not decrypt or re-seal this SealedSecret"
    );
}

#[test]
fn fake_rotate_can_emulate_controller_v036() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster {
        rotate: RotateBehaviour::ResealLikeV036,
        ..Default::default()
    });
    let controller = connect_to(&server, dir.path());

    // metadata.labels differ from the template's: the template loses them.
    let out: Value = serde_json::from_slice(
        &controller
            .rotate(sealed_secret().to_string().as_bytes())
            .unwrap(),
    )
    .unwrap();
    let template_metadata = &out["spec"]["template"]["metadata"];
    assert_eq!(template_metadata.get("labels"), None);
    assert_eq!(template_metadata["name"], json!("db"));

    // Identical: kept.
    let mut same = sealed_secret();
    same["metadata"]["labels"] = same["spec"]["template"]["metadata"]["labels"].clone();
    let out: Value =
        serde_json::from_slice(&controller.rotate(same.to_string().as_bytes()).unwrap()).unwrap();
    assert_eq!(
        out["spec"]["template"]["metadata"]["labels"],
        json!({"app": "db", "tier": "backend"})
    );
}

#[test]
fn oversized_certificate_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let huge = format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        "A".repeat(2 * 1024 * 1024)
    );
    let server = FakeApiServer::start(FakeCluster {
        sealing_cert_pem: Some(huge),
        ..Default::default()
    });
    let err = connect_to(&server, dir.path()).fetch_cert().unwrap_err();
    assert!(
        matches!(err, ClusterError::ResponseTooLarge { limit, .. } if limit == sealant::internals::cluster::MAX_CERT_BYTES),
        "{err}"
    );
}

// --- timeouts --------------------------------------------------------------------------

#[test]
fn a_server_that_never_answers_times_out() {
    let dir = tempfile::tempdir().unwrap();
    let hanging = HangingServer::start();
    let pki = Pki::new();
    let kubeconfig = KubeconfigBuilder::new()
        .cluster("fake", &hanging.url(), Ca::Data(&pki.ca_pem))
        .user_token("alice", "t")
        .context("fake", "fake", "alice", None)
        .current("fake")
        .write(&dir.path().join("kubeconfig"));
    let mut opts = options(&kubeconfig);
    opts.request_timeout = Some(Duration::from_millis(500));

    let started = Instant::now();
    let err = connect(&opts).unwrap_err();
    match &err {
        ClusterError::Timeout { url, timeout } => {
            assert_eq!(
                url,
                &format!(
                    "{}/api/v1/namespaces/kube-system/services/sealed-secrets-controller",
                    hanging.url()
                )
            );
            assert_eq!(*timeout, Duration::from_millis(500));
        }
        other => panic!("unexpected error: {other}"),
    }
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(hanging.accepted() >= 1);
    assert!(err.to_string().contains("within 0.5s"), "{err}");
}

#[test]
fn a_controller_that_never_answers_times_out() {
    let dir = tempfile::tempdir().unwrap();
    let server = FakeApiServer::start(FakeCluster {
        hang_proxy: true,
        ..Default::default()
    });
    let mut opts = options(&token_kubeconfig(&server, dir.path()));
    opts.request_timeout = Some(Duration::from_millis(700));
    let controller = connect(&opts).unwrap();
    match controller.fetch_cert().unwrap_err() {
        ClusterError::Timeout { url, timeout } => {
            assert_eq!(url, format!("{}{CERT_PATH}", server.url()));
            assert_eq!(timeout, Duration::from_millis(700));
        }
        other => panic!("unexpected error: {other}"),
    }
}
