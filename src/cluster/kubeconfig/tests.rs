use super::*;
use std::fs;

fn opts() -> ClusterOptions {
    ClusterOptions::default()
}

fn env_with(kubeconfig: Option<OsString>, home: Option<PathBuf>) -> Environment {
    Environment {
        kubeconfig,
        home,
        in_cluster: false,
        ..Default::default()
    }
}

const KC: &str = "apiVersion: v1
kind: Config
clusters:
- name: c1
  cluster:
    server: https://127.0.0.1:6443
    certificate-authority-data: bm90IGEgY2VydA==
contexts:
- name: ctx1
  context: {cluster: c1, user: u1, namespace: team-a}
- name: ctx2
  context: {cluster: c1, user: u1}
current-context: ctx1
users:
- name: u1
  user: {token: s3cr3t-token}
";

#[test]
fn kubeconfig_list_skips_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    let present = dir.path().join("a");
    fs::write(&present, KC).unwrap();
    let missing = dir.path().join("missing");
    let list = std::env::join_paths([&missing, &present]).unwrap();
    let located = locate(&opts(), &env_with(Some(list), None));
    assert_eq!(located.files, vec![present]);
    assert_eq!(located.searched.len(), 2);
}

#[test]
fn explicit_flag_beats_env_and_home() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = opts();
    o.kubeconfig = Some(dir.path().join("explicit"));
    let located = locate(
        &o,
        &env_with(Some("/nonexistent/x".into()), Some(dir.path().into())),
    );
    assert_eq!(located.files, vec![dir.path().join("explicit")]);
}

#[test]
fn empty_kubeconfig_env_falls_back_to_home() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join(".kube")).unwrap();
    fs::write(dir.path().join(".kube/config"), KC).unwrap();
    let located = locate(&opts(), &env_with(Some("".into()), Some(dir.path().into())));
    assert_eq!(located.files, vec![dir.path().join(".kube/config")]);
}

#[test]
fn default_namespace_rules() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kc");
    fs::write(&path, KC).unwrap();
    let env = env_with(Some(path.clone().into_os_string()), None);

    assert_eq!(
        default_namespace(&opts(), &env).unwrap().as_deref(),
        Some("team-a")
    );

    let mut o = opts();
    o.context = Some("ctx2".into());
    assert_eq!(
        default_namespace(&o, &env).unwrap().as_deref(),
        Some("default")
    );

    o.namespace = Some("override".into());
    assert_eq!(
        default_namespace(&o, &env).unwrap().as_deref(),
        Some("override")
    );

    let mut o = opts();
    o.context = Some("nope".into());
    assert!(matches!(
        default_namespace(&o, &env),
        Err(ClusterError::ContextNotFound { .. })
    ));

    let nothing = env_with(None, Some(dir.path().join("no-home")));
    assert_eq!(default_namespace(&opts(), &nothing).unwrap(), None);
}

#[test]
fn pod_namespace_is_the_in_cluster_namespace() {
    let dir = tempfile::tempdir().unwrap();
    let env = Environment {
        home: Some(dir.path().join("no-home")),
        in_cluster: true,
        pod_namespace: Some("team-pod".into()),
        ..Default::default()
    };
    assert_eq!(
        default_namespace(&opts(), &env).unwrap().as_deref(),
        Some("team-pod")
    );
    let mut o = opts();
    o.namespace = Some("flag".into());
    assert_eq!(
        default_namespace(&o, &env).unwrap().as_deref(),
        Some("flag")
    );
}

#[test]
fn token_file_wins_over_token_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kc");
    let token_file = dir.path().join("token");
    fs::write(&token_file, "from-file").unwrap();
    fs::write(
        &path,
        KC.replace("    certificate-authority-data: bm90IGEgY2VydA==\n", "")
            .replace(
                "user: {token: s3cr3t-token}",
                &format!(
                    "user: {{token: s3cr3t-token, tokenFile: {}}}",
                    token_file.display()
                ),
            ),
    )
    .unwrap();
    let mut o = opts();
    o.kubeconfig = Some(path);
    let resolved = resolve(&o, &Environment::default()).ok().unwrap();
    assert!(resolved.config.auth_info.token.is_none());
    assert_eq!(
        resolved.credentials,
        CredentialSource::TokenFile { path: token_file }
    );
}

#[test]
fn missing_context_lists_available_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kc");
    fs::write(&path, KC).unwrap();
    let mut o = opts();
    o.kubeconfig = Some(path);
    o.context = Some("prod".into());
    match resolve(&o, &Environment::default()) {
        Err(ClusterError::ContextNotFound { context, available }) => {
            assert_eq!(context, "prod");
            assert_eq!(available, vec!["ctx1".to_string(), "ctx2".to_string()]);
        }
        Err(other) => panic!("unexpected error: {other}"),
        Ok(_) => panic!("unexpected success"),
    }
}

#[test]
fn parse_errors_do_not_echo_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kc");
    fs::write(
        &path,
        "users:\n- name: u\n  user:\n    token: [s3cr3t-token\n",
    )
    .unwrap();
    let mut o = opts();
    o.kubeconfig = Some(path);
    let err = match resolve(&o, &Environment::default()) {
        Err(e) => e,
        Ok(_) => panic!("a broken kubeconfig was accepted"),
    };
    assert!(matches!(err, ClusterError::KubeconfigLoad { .. }), "{err}");
    assert!(!err.to_string().contains("s3cr3t"), "{err}");
}

#[test]
fn ca_source_follows_kubeconfig_and_flags() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kc");
    fs::write(
        &path,
        KC.replace("    certificate-authority-data: bm90IGEgY2VydA==\n", ""),
    )
    .unwrap();
    let mut o = opts();
    o.kubeconfig = Some(path);
    let resolved = resolve(&o, &Environment::default()).ok().unwrap();
    assert_eq!(resolved.ca, CaSource::SystemRoots);
    assert_eq!(
        resolved.credentials,
        CredentialSource::KubeconfigToken { user: "u1".into() }
    );

    o.insecure_skip_tls_verify = true;
    let resolved = resolve(&o, &Environment::default()).ok().unwrap();
    assert_eq!(resolved.ca, CaSource::InsecureSkipVerify);
    assert!(resolved.config.accept_invalid_certs);

    o.insecure_skip_tls_verify = false;
    o.token = Some("flag-token".into());
    let resolved = resolve(&o, &Environment::default()).ok().unwrap();
    assert_eq!(resolved.credentials, CredentialSource::TokenFlag);
    assert!(!resolved.config.default_retry);
}

#[test]
fn flags_alone_describe_a_cluster() {
    let mut o = opts();
    o.server = Some("https://10.0.0.1:6443".into());
    o.token = Some("t".into());
    let resolved = resolve(&o, &env_with(None, None)).ok().unwrap();
    assert_eq!(
        resolved.config.cluster_url.to_string(),
        "https://10.0.0.1:6443/"
    );
    assert_eq!(resolved.ca, CaSource::SystemRoots);

    o.server = Some("10.0.0.1".into());
    assert!(matches!(
        resolve(&o, &env_with(None, None)),
        Err(ClusterError::InvalidOption { .. })
    ));
}

#[test]
fn no_kubeconfig_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    match resolve(&opts(), &env_with(None, Some(dir.path().into()))) {
        Err(ClusterError::NoKubeconfig { searched }) => {
            assert_eq!(searched, vec![dir.path().join(".kube/config")]);
        }
        Err(other) => panic!("unexpected error: {other}"),
        Ok(_) => panic!("unexpected success"),
    }
}
