//! A fake Kubernetes API server on 127.0.0.1 (random port) that behaves like
//! the API server's service proxy in front of a sealed-secrets controller.
//!
//! It speaks HTTPS with a CA made for the test, accepts a bearer token or a
//! client certificate issued by that CA, serves `GET` Service, lists Services
//! (label and field selectors), and proxies `/v1/cert.pem`, `/v1/verify` and
//! `/v1/rotate` to an emulated controller. RBAC denials, missing endpoints,
//! 429s, rotate failures and hangs are configured per server.
//!
//! ```ignore
//! use crate::support;
//! use crate::support::fake_apiserver::{FakeApiServer, FakeCluster};
//!
//! let server = FakeApiServer::start(FakeCluster::default());
//! let kubeconfig = support::kubeconfig::token_kubeconfig(&server, dir.path());
//! // ... point the code under test at `kubeconfig`; `server.requests()` shows what it sent.
//! ```
//!
//! Each server runs on its own thread with its own tokio runtime, so it works
//! the same from synchronous tests and from tests of the `sealant` binary.
//! Dropping the server stops it.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use base64::Engine as _;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::oneshot;

/// The user name the fake gives to holders of the bearer token.
pub const TOKEN_USER: &str = "token-user";
/// The common name of the client certificate that [`Pki`] issues.
pub const CLIENT_CERT_USER: &str = "cert-user";

// ---------------------------------------------------------------------------
// Certificates
// ---------------------------------------------------------------------------

/// A CA, a server certificate for 127.0.0.1/localhost and a client certificate.
pub struct Pki {
    pub ca_pem: String,
    pub server_cert_pem: String,
    pub server_key_pem: String,
    pub client_cert_pem: String,
    pub client_key_pem: String,
}

impl Pki {
    /// A fresh CA, with a name of its own, and the certificates it issues.
    pub fn new() -> Pki {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        Pki::with_ca_name(&format!("fake-apiserver-ca-{}-{n}", std::process::id()))
    }

    /// A fresh CA called `ca_name` (two CAs of the same name but different
    /// keys are what a rotated cluster CA looks like).
    pub fn with_ca_name(ca_name: &str) -> Pki {
        let ca_key = KeyPair::generate().expect("CA key");
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca_params
            .distinguished_name
            .push(DnType::CommonName, ca_name);
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let ca_cert = ca_params.self_signed(&ca_key).expect("CA cert");
        let issuer = Issuer::new(ca_params, ca_key);

        let server_key = KeyPair::generate().expect("server key");
        let mut server_params =
            CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
                .expect("server params");
        server_params
            .distinguished_name
            .push(DnType::CommonName, "kube-apiserver");
        server_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let server_cert = server_params
            .signed_by(&server_key, &issuer)
            .expect("server cert");

        let client_key = KeyPair::generate().expect("client key");
        let mut client_params =
            CertificateParams::new(Vec::<String>::new()).expect("client params");
        client_params
            .distinguished_name
            .push(DnType::CommonName, CLIENT_CERT_USER);
        client_params
            .distinguished_name
            .push(DnType::OrganizationName, "system:masters");
        client_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        let client_cert = client_params
            .signed_by(&client_key, &issuer)
            .expect("client cert");

        Pki {
            ca_pem: ca_cert.pem(),
            server_cert_pem: server_cert.pem(),
            server_key_pem: server_key.serialize_pem(),
            client_cert_pem: client_cert.pem(),
            client_key_pem: client_key.serialize_pem(),
        }
    }
}

impl Default for Pki {
    fn default() -> Self {
        Pki::new()
    }
}

/// A self-signed RSA-2048 certificate and its PKCS#8 key, as the controller's
/// sealing key pair (the real one is RSA-4096; 2048 keeps tests fast).
pub fn sealing_key_pair() -> (String, String) {
    let key = KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, rcgen::RsaKeySize::_2048)
        .expect("RSA key");
    let params = CertificateParams::new(Vec::<String>::new()).expect("sealing params");
    let cert = params.self_signed(&key).expect("sealing cert");
    (cert.pem(), key.serialize_pem())
}

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

/// A Service as the fake API server knows it.
#[derive(Debug, Clone)]
pub struct FakeService {
    pub namespace: String,
    pub name: String,
    pub labels: BTreeMap<String, String>,
    /// The first port's name; `None` for an unnamed port (the Helm chart's).
    pub port_name: Option<String>,
    pub port: u16,
    /// `false`: the controller pod is not running ("no endpoints available").
    pub endpoints: bool,
}

impl FakeService {
    /// `kube-system/sealed-secrets-controller`, port `http` 8080, as the upstream manifests make it.
    pub fn controller() -> FakeService {
        FakeService {
            namespace: "kube-system".into(),
            name: "sealed-secrets-controller".into(),
            labels: BTreeMap::from([("name".into(), "sealed-secrets-controller".into())]),
            port_name: Some("http".into()),
            port: 8080,
            endpoints: true,
        }
    }

    /// `{namespace}/sealed-secrets` with an unnamed port 8080, as the Helm chart makes it.
    pub fn helm(namespace: &str) -> FakeService {
        FakeService {
            namespace: namespace.into(),
            name: "sealed-secrets".into(),
            labels: BTreeMap::from([
                ("app.kubernetes.io/name".into(), "sealed-secrets".into()),
                ("app.kubernetes.io/instance".into(), "sealed-secrets".into()),
            ]),
            port_name: None,
            port: 8080,
            endpoints: true,
        }
    }

    /// The Helm chart's metrics Service (same name label, not a controller).
    pub fn helm_metrics(namespace: &str) -> FakeService {
        FakeService {
            namespace: namespace.into(),
            name: "sealed-secrets-metrics".into(),
            labels: BTreeMap::from([
                ("app.kubernetes.io/name".into(), "sealed-secrets".into()),
                ("app.kubernetes.io/component".into(), "metrics".into()),
            ]),
            port_name: Some("metrics".into()),
            port: 8081,
            endpoints: true,
        }
    }

    fn to_json(&self) -> Value {
        let mut port = json!({"port": self.port, "protocol": "TCP", "targetPort": "http"});
        if let Some(name) = &self.port_name {
            port["name"] = json!(name);
        }
        json!({
            "kind": "Service",
            "apiVersion": "v1",
            "metadata": {
                "name": self.name,
                "namespace": self.namespace,
                "labels": self.labels,
                "uid": format!("uid-{}-{}", self.namespace, self.name),
                "resourceVersion": "1",
            },
            "spec": {"type": "ClusterIP", "clusterIP": "10.96.0.10", "ports": [port]},
            "status": {"loadBalancer": {}},
        })
    }
}

/// An RBAC rule the fake's user lacks: requests matching it get 403.
#[derive(Debug, Clone)]
pub struct Denial {
    /// `get`, `list` or `create`.
    pub verb: String,
    /// `services`, `services/proxy` or `secrets`.
    pub resource: String,
    /// `None` matches every namespace and cluster-wide requests.
    pub namespace: Option<String>,
}

impl Denial {
    pub fn new(verb: &str, resource: &str, namespace: Option<&str>) -> Denial {
        Denial {
            verb: verb.into(),
            resource: resource.into(),
            namespace: namespace.map(str::to_string),
        }
    }
}

/// What the emulated controller answers on `/v1/verify`.
#[derive(Debug, Clone)]
pub enum VerifyBehaviour {
    /// 200: the controller can decrypt it.
    Decrypts,
    /// 409: it cannot.
    DoesNotDecrypt,
    /// 429 (with `Retry-After` when given) for the first `times` calls, then 200.
    RateLimited {
        times: u32,
        retry_after: Option<u64>,
    },
}

/// What the emulated controller answers on `/v1/rotate`.
#[derive(Debug, Clone)]
pub enum RotateBehaviour {
    /// 200 with the input, every `spec.encryptedData` value replaced by [`resealed_value`].
    Reseal,
    /// Like `Reseal`, plus controller v0.36's quirk: when the SealedSecret's
    /// `metadata.labels`/`annotations` differ from `spec.template.metadata`'s,
    /// the template's labels and annotations are dropped.
    ResealLikeV036,
    /// 500 with an empty body, as the controller answers any failure.
    Fail,
}

/// The value the fake's rotate gives to an `encryptedData` entry.
pub fn resealed_value(old: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("resealed:{old}"))
}

/// How a fake API server behaves. `Default`: token auth, the upstream
/// controller Service, verify says 200, rotate re-seals.
#[derive(Debug, Clone)]
pub struct FakeCluster {
    /// The bearer token that authenticates (as [`TOKEN_USER`]).
    pub token: String,
    pub services: Vec<FakeService>,
    pub denials: Vec<Denial>,
    pub verify: VerifyBehaviour,
    pub rotate: RotateBehaviour,
    /// Proxied controller requests are accepted and never answered.
    pub hang_proxy: bool,
    /// Served on `/v1/cert.pem`; a fresh RSA certificate when `None`.
    pub sealing_cert_pem: Option<String>,
    /// Username and password that authenticate with basic auth (as the user).
    pub basic_auth: Option<(String, String)>,
    /// Every request is answered this much later (a far-away API server).
    pub latency: Option<std::time::Duration>,
    /// Secrets served by `GET /api/v1/namespaces/{ns}/secrets` (label
    /// selectors `key` and `key=value` honoured), as full objects.
    pub secrets: Vec<Value>,
}

impl Default for FakeCluster {
    fn default() -> Self {
        FakeCluster {
            token: "fake-token-0123456789".into(),
            services: vec![FakeService::controller()],
            denials: vec![],
            verify: VerifyBehaviour::Decrypts,
            rotate: RotateBehaviour::Reseal,
            hang_proxy: false,
            sealing_cert_pem: None,
            basic_auth: None,
            latency: None,
            secrets: vec![],
        }
    }
}

/// How a request authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeenCredential {
    None,
    Bearer(String),
    /// `Authorization: Basic`, decoded as `user:password`.
    Basic(String),
    ClientCertificate {
        common_name: String,
    },
}

/// One request as the fake received it.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub credential: SeenCredential,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    /// Every header, lower-case names, in the order received.
    pub headers: Vec<(String, String)>,
}

impl RecordedRequest {
    /// The values of header `name` (lower case).
    pub fn header(&self, name: &str) -> Vec<String> {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

struct State {
    cluster: FakeCluster,
    sealing_cert_pem: String,
    verify_calls: u32,
    requests: Vec<RecordedRequest>,
    /// TLS connections accepted.
    connections: usize,
    in_flight: usize,
    max_in_flight: usize,
}

// ---------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------

/// A running fake API server; stops when dropped.
pub struct FakeApiServer {
    addr: SocketAddr,
    pki: Pki,
    token: String,
    sealing_key_pem: Option<String>,
    sealing_cert_pem: String,
    state: Arc<Mutex<State>>,
    stop: Stopper,
}

impl FakeApiServer {
    /// Starts a server with a fresh [`Pki`].
    pub fn start(cluster: FakeCluster) -> FakeApiServer {
        Self::start_with_pki(cluster, Pki::new())
    }

    /// Starts a server presenting `pki`'s server certificate.
    pub fn start_with_pki(cluster: FakeCluster, pki: Pki) -> FakeApiServer {
        let (sealing_cert_pem, sealing_key_pem) = match &cluster.sealing_cert_pem {
            Some(pem) => (pem.clone(), None),
            None => {
                let (cert, key) = sealing_key_pair();
                (cert, Some(key))
            }
        };
        let token = cluster.token.clone();
        let state = Arc::new(Mutex::new(State {
            cluster,
            sealing_cert_pem: sealing_cert_pem.clone(),
            verify_calls: 0,
            requests: Vec::new(),
            connections: 0,
            in_flight: 0,
            max_in_flight: 0,
        }));
        let tls = Arc::new(server_tls_config(&pki));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let task_state = state.clone();
        let stop = Stopper::spawn(listener, move |listener| async move {
            let acceptor = tokio_rustls::TlsAcceptor::from(tls);
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    continue;
                };
                let acceptor = acceptor.clone();
                let state = task_state.clone();
                tokio::task::spawn_local(async move {
                    let Ok(tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    state.lock().unwrap().connections += 1;
                    let common_name = tls
                        .get_ref()
                        .1
                        .peer_certificates()
                        .and_then(|certs| certs.first())
                        .and_then(|der| common_name(der));
                    let service = hyper::service::service_fn(move |request| {
                        let state = state.clone();
                        let common_name = common_name.clone();
                        async move {
                            let latency = {
                                let mut s = state.lock().unwrap();
                                s.in_flight += 1;
                                s.max_in_flight = s.max_in_flight.max(s.in_flight);
                                s.cluster.latency
                            };
                            if let Some(latency) = latency {
                                tokio::time::sleep(latency).await;
                            }
                            let reply = handle(request, common_name, state.clone()).await;
                            state.lock().unwrap().in_flight -= 1;
                            Ok::<_, Infallible>(reply)
                        }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(tls), service)
                        .await;
                });
            }
        });
        FakeApiServer {
            addr,
            pki,
            token,
            sealing_key_pem,
            sealing_cert_pem,
            state,
            stop,
        }
    }

    /// `https://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn pki(&self) -> &Pki {
        &self.pki
    }

    /// PEM of the CA that signed the server's (and the client's) certificate.
    pub fn ca_pem(&self) -> &str {
        &self.pki.ca_pem
    }

    pub fn client_cert_pem(&self) -> &str {
        &self.pki.client_cert_pem
    }

    pub fn client_key_pem(&self) -> &str {
        &self.pki.client_key_pem
    }

    /// The bearer token that authenticates.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// What `/v1/cert.pem` serves.
    pub fn sealing_cert_pem(&self) -> &str {
        &self.sealing_cert_pem
    }

    /// The private key of the sealing certificate, when the fake generated it.
    pub fn sealing_key_pem(&self) -> Option<&str> {
        self.sealing_key_pem.as_deref()
    }

    /// Every request received so far, in order.
    /// TLS connections accepted so far.
    pub fn connections(&self) -> usize {
        self.state.lock().unwrap().connections
    }

    /// The most requests that were being answered at once.
    pub fn max_in_flight(&self) -> usize {
        self.state.lock().unwrap().max_in_flight
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.lock().unwrap().requests.clone()
    }

    /// Changes the behaviour of the running server.
    pub fn configure(&self, change: impl FnOnce(&mut FakeCluster)) {
        change(&mut self.state.lock().unwrap().cluster);
    }

    /// Stops the server now (also done on drop).
    pub fn stop(self) {
        drop(self.stop);
    }
}

fn server_tls_config(pki: &Pki) -> rustls::ServerConfig {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(pem_cert(&pki.ca_pem))
        .expect("CA into root store");
    let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
        Arc::new(roots),
        provider.clone(),
    )
    .allow_unauthenticated()
    .build()
    .expect("client verifier");
    let key = pem::parse(&pki.server_key_pem).expect("server key PEM");
    rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_client_cert_verifier(verifier)
        .with_single_cert(
            vec![pem_cert(&pki.server_cert_pem)],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.into_contents())),
        )
        .expect("server TLS config")
}

fn pem_cert(text: &str) -> CertificateDer<'static> {
    CertificateDer::from(pem::parse(text).expect("certificate PEM").into_contents())
}

fn common_name(der: &CertificateDer<'_>) -> Option<String> {
    let (_, cert) = x509_parser::parse_x509_certificate(der.as_ref()).ok()?;
    let cn = cert.subject().iter_common_name().next()?;
    cn.as_str().ok().map(str::to_string)
}

/// Runs an accept loop on its own thread and runtime until dropped.
struct Stopper {
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Stopper {
    fn spawn<F, Fut>(listener: std::net::TcpListener, serve: F) -> Stopper
    where
        F: FnOnce(tokio::net::TcpListener) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ()> + 'static,
    {
        let (tx, rx) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("fake server runtime");
            runtime.block_on(async move {
                listener
                    .set_nonblocking(true)
                    .expect("nonblocking listener");
                let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                let local = tokio::task::LocalSet::new();
                local.spawn_local(serve(listener));
                local
                    .run_until(async move {
                        let _ = rx.await;
                    })
                    .await;
            });
            // Dropping the runtime cancels every connection, hung ones included.
        });
        Stopper {
            shutdown: Some(tx),
            thread: Some(thread),
        }
    }
}

impl Drop for Stopper {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

// ---------------------------------------------------------------------------
// Request handling
// ---------------------------------------------------------------------------

type Reply = Response<Full<Bytes>>;

fn reply(status: StatusCode, content_type: &str, body: impl Into<Bytes>) -> Reply {
    Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(Full::new(body.into()))
        .expect("response")
}

fn status_reply(code: StatusCode, reason: &str, message: &str) -> Reply {
    let body = json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "code": code.as_u16(),
    });
    reply(code, "application/json", body.to_string())
}

async fn handle(
    request: Request<Incoming>,
    common_name: Option<String>,
    state: Arc<Mutex<State>>,
) -> Reply {
    let method = request.method().as_str().to_string();
    let path = request.uri().path().to_string();
    let query = request.uri().query().map(str::to_string);
    let authorization = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let content_type = request
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = request
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes().to_vec())
        .unwrap_or_default();

    let credential = match (&authorization, &common_name) {
        (Some(auth), _) if auth.starts_with("Basic ") => SeenCredential::Basic(
            base64::engine::general_purpose::STANDARD
                .decode(&auth["Basic ".len()..])
                .ok()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default(),
        ),
        (Some(auth), _) => {
            SeenCredential::Bearer(auth.strip_prefix("Bearer ").unwrap_or(auth).to_string())
        }
        (None, Some(cn)) => SeenCredential::ClientCertificate {
            common_name: cn.clone(),
        },
        (None, None) => SeenCredential::None,
    };

    let hang = {
        let mut state = state.lock().unwrap();
        state.requests.push(RecordedRequest {
            method: method.clone(),
            path: path.clone(),
            query: query.clone(),
            credential: credential.clone(),
            content_type,
            body: body.clone(),
            headers,
        });
        state.cluster.hang_proxy
    };

    // Authentication: a wrong bearer token fails even with a client certificate.
    let user = {
        let state = state.lock().unwrap();
        match &credential {
            SeenCredential::Bearer(token) if *token == state.cluster.token => {
                TOKEN_USER.to_string()
            }
            SeenCredential::ClientCertificate { common_name } => common_name.clone(),
            SeenCredential::Basic(pair)
                if state
                    .cluster
                    .basic_auth
                    .as_ref()
                    .is_some_and(|(u, p)| *pair == format!("{u}:{p}")) =>
            {
                pair.split(':').next().unwrap_or("").to_string()
            }
            _ => return status_reply(StatusCode::UNAUTHORIZED, "Unauthorized", "Unauthorized"),
        }
    };

    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let params = parse_query(query.as_deref().unwrap_or(""));
    match segments.as_slice() {
        ["api", "v1", "services"] if method == "GET" => list_services(&state, &user, None, &params),
        ["api", "v1", "namespaces", ns, "services"] if method == "GET" => {
            list_services(&state, &user, Some(ns), &params)
        }
        ["api", "v1", "namespaces", ns, "services", name] if method == "GET" => {
            get_service(&state, &user, ns, name)
        }
        ["api", "v1", "namespaces", ns, "secrets"] if method == "GET" => {
            list_secrets(&state, &user, ns, &params)
        }
        [
            "api",
            "v1",
            "namespaces",
            ns,
            "services",
            target,
            "proxy",
            rest @ ..,
        ] => {
            let verb = if method == "GET" { "get" } else { "create" };
            if let Some(denied) = denied(&state, &user, verb, "services/proxy", Some(ns), target) {
                return denied;
            }
            proxy(&state, ns, target, &method, &rest.join("/"), &body, hang).await
        }
        _ => status_reply(
            StatusCode::NOT_FOUND,
            "NotFound",
            "the server could not find the requested resource",
        ),
    }
}

fn denied(
    state: &Mutex<State>,
    user: &str,
    verb: &str,
    resource: &str,
    namespace: Option<&str>,
    name: &str,
) -> Option<Reply> {
    let state = state.lock().unwrap();
    let hit = state.cluster.denials.iter().any(|d| {
        d.verb == verb
            && d.resource == resource
            && (d.namespace.is_none() || d.namespace.as_deref() == namespace)
    });
    if !hit {
        return None;
    }
    let (kind, sub) = resource.split_once('/').unwrap_or((resource, ""));
    let resource_text = if sub.is_empty() {
        kind.to_string()
    } else {
        format!("{kind}/{sub}")
    };
    let subject = if name.is_empty() {
        kind.to_string()
    } else {
        format!("{kind} \"{name}\"")
    };
    let scope = match namespace {
        Some(ns) => format!("in the namespace \"{ns}\""),
        None => "at the cluster scope".to_string(),
    };
    Some(status_reply(
        StatusCode::FORBIDDEN,
        "Forbidden",
        &format!(
            "{subject} is forbidden: User \"{user}\" cannot {verb} resource \"{resource_text}\" in API group \"\" {scope}"
        ),
    ))
}

fn get_service(state: &Mutex<State>, user: &str, ns: &str, name: &str) -> Reply {
    if let Some(denied) = denied(state, user, "get", "services", Some(ns), name) {
        return denied;
    }
    let state = state.lock().unwrap();
    match state
        .cluster
        .services
        .iter()
        .find(|s| s.namespace == ns && s.name == name)
    {
        Some(service) => reply(
            StatusCode::OK,
            "application/json",
            service.to_json().to_string(),
        ),
        None => status_reply(
            StatusCode::NOT_FOUND,
            "NotFound",
            &format!("services \"{name}\" not found"),
        ),
    }
}

fn list_services(
    state: &Mutex<State>,
    user: &str,
    ns: Option<&str>,
    params: &BTreeMap<String, String>,
) -> Reply {
    if let Some(denied) = denied(state, user, "list", "services", ns, "") {
        return denied;
    }
    let labels = selector(params.get("labelSelector"));
    let fields = selector(params.get("fieldSelector"));
    let state = state.lock().unwrap();
    let items: Vec<Value> = state
        .cluster
        .services
        .iter()
        .filter(|s| ns.is_none_or(|ns| s.namespace == ns))
        .filter(|s| labels.iter().all(|(k, v)| s.labels.get(k) == Some(v)))
        .filter(|s| {
            fields.iter().all(|(k, v)| match k.as_str() {
                "metadata.name" => &s.name == v,
                "metadata.namespace" => &s.namespace == v,
                _ => false,
            })
        })
        .map(|s| {
            let mut item = s.to_json();
            // Items of a list carry no kind/apiVersion.
            let object = item.as_object_mut().unwrap();
            object.remove("kind");
            object.remove("apiVersion");
            item
        })
        .collect();
    let list = json!({
        "kind": "ServiceList",
        "apiVersion": "v1",
        "metadata": {"resourceVersion": "1"},
        "items": items,
    });
    reply(StatusCode::OK, "application/json", list.to_string())
}

fn list_secrets(
    state: &Mutex<State>,
    user: &str,
    ns: &str,
    params: &BTreeMap<String, String>,
) -> Reply {
    if let Some(denied) = denied(state, user, "list", "secrets", Some(ns), "") {
        return denied;
    }
    // `key` (exists) and `key=value` terms.
    let terms: Vec<(String, Option<String>)> = params
        .get("labelSelector")
        .map(|v| {
            v.split(',')
                .filter(|t| !t.is_empty())
                .map(|t| match t.split_once('=') {
                    Some((k, v)) => (k.to_string(), Some(v.trim_start_matches('=').to_string())),
                    None => (t.to_string(), None),
                })
                .collect()
        })
        .unwrap_or_default();
    let state = state.lock().unwrap();
    let items: Vec<Value> = state
        .cluster
        .secrets
        .iter()
        .filter(|s| s.pointer("/metadata/namespace").and_then(Value::as_str) == Some(ns))
        .filter(|s| {
            terms.iter().all(|(k, v)| {
                let have = s
                    .pointer("/metadata/labels")
                    .and_then(|l| l.get(k))
                    .and_then(Value::as_str);
                match v {
                    Some(v) => have == Some(v.as_str()),
                    None => have.is_some(),
                }
            })
        })
        .map(|s| {
            let mut item = s.clone();
            let object = item.as_object_mut().unwrap();
            object.remove("kind");
            object.remove("apiVersion");
            let meta = object
                .entry("metadata")
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .unwrap();
            meta.insert("uid".into(), json!("0b0e0f00-fake"));
            meta.insert("resourceVersion".into(), json!("42"));
            meta.insert("managedFields".into(), json!([{"manager": "controller"}]));
            item
        })
        .collect();
    let list = json!({
        "kind": "SecretList",
        "apiVersion": "v1",
        "metadata": {"resourceVersion": "1"},
        "items": items,
    });
    reply(StatusCode::OK, "application/json", list.to_string())
}

fn selector(value: Option<&String>) -> Vec<(String, String)> {
    value
        .map(|v| {
            v.split(',')
                .filter_map(|term| term.split_once('='))
                .map(|(k, v)| {
                    (
                        k.trim().to_string(),
                        v.trim_start_matches('=').trim().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

async fn proxy(
    state: &Mutex<State>,
    ns: &str,
    target: &str,
    method: &str,
    rest: &str,
    body: &[u8],
    hang: bool,
) -> Reply {
    // `http:name:port`, `name:port` or `name`.
    let parts: Vec<&str> = target.split(':').collect();
    let (name, port) = match parts.as_slice() {
        [scheme, name, port] if *scheme == "http" || *scheme == "https" => (*name, *port),
        [name, port] => (*name, *port),
        [name] => (*name, ""),
        _ => {
            return status_reply(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                "invalid service reference",
            );
        }
    };
    {
        let state = state.lock().unwrap();
        let Some(service) = state
            .cluster
            .services
            .iter()
            .find(|s| s.namespace == ns && s.name == name)
        else {
            return status_reply(
                StatusCode::NOT_FOUND,
                "NotFound",
                &format!("services \"{name}\" not found"),
            );
        };
        let port_matches = port.is_empty()
            || service.port_name.as_deref() == Some(port)
            || service.port.to_string() == port;
        if !port_matches {
            return status_reply(
                StatusCode::SERVICE_UNAVAILABLE,
                "ServiceUnavailable",
                &format!("no service port \"{port}\" found for service \"{name}\""),
            );
        }
        if !service.endpoints {
            return status_reply(
                StatusCode::SERVICE_UNAVAILABLE,
                "ServiceUnavailable",
                &format!("no endpoints available for service \"{name}\""),
            );
        }
    }
    if hang {
        std::future::pending::<()>().await;
    }
    controller(state, method, rest, body)
}

/// The sealed-secrets controller's HTTP API.
fn controller(state: &Mutex<State>, method: &str, path: &str, body: &[u8]) -> Reply {
    let mut state = state.lock().unwrap();
    match (method, path) {
        ("GET", "v1/cert.pem") => reply(
            StatusCode::OK,
            "application/x-pem-file",
            state.sealing_cert_pem.clone(),
        ),
        ("POST", "v1/verify") => {
            if serde_json::from_slice::<Value>(body).is_err() {
                return reply(StatusCode::INTERNAL_SERVER_ERROR, "text/plain", "");
            }
            state.verify_calls += 1;
            match state.cluster.verify.clone() {
                VerifyBehaviour::Decrypts => reply(StatusCode::OK, "text/plain", ""),
                VerifyBehaviour::DoesNotDecrypt => reply(StatusCode::CONFLICT, "text/plain", ""),
                VerifyBehaviour::RateLimited { times, retry_after } => {
                    if state.verify_calls <= times {
                        let mut response = reply(
                            StatusCode::TOO_MANY_REQUESTS,
                            "text/plain; charset=utf-8",
                            "limit exceeded\n",
                        );
                        if let Some(seconds) = retry_after {
                            response
                                .headers_mut()
                                .insert("retry-after", seconds.to_string().parse().unwrap());
                        }
                        response
                    } else {
                        reply(StatusCode::OK, "text/plain", "")
                    }
                }
            }
        }
        ("POST", "v1/rotate") => {
            let behaviour = state.cluster.rotate.clone();
            let Ok(Value::Object(mut sealed)) = serde_json::from_slice::<Value>(body) else {
                return reply(StatusCode::INTERNAL_SERVER_ERROR, "text/plain", "");
            };
            match behaviour {
                RotateBehaviour::Fail => reply(StatusCode::INTERNAL_SERVER_ERROR, "text/plain", ""),
                RotateBehaviour::Reseal | RotateBehaviour::ResealLikeV036 => {
                    if let Some(Value::Object(data)) = sealed
                        .get_mut("spec")
                        .and_then(|s| s.get_mut("encryptedData"))
                    {
                        for value in data.values_mut() {
                            if let Value::String(old) = value {
                                *value = Value::String(resealed_value(old));
                            }
                        }
                    }
                    if matches!(behaviour, RotateBehaviour::ResealLikeV036) {
                        drop_template_metadata_like_v036(&mut sealed);
                    }
                    reply(
                        StatusCode::OK,
                        "application/json",
                        Value::Object(sealed).to_string(),
                    )
                }
            }
        }
        _ => reply(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "404 page not found\n",
        ),
    }
}

/// Controller v0.36: if the object's labels or annotations differ from the
/// template's, the template loses both.
pub fn drop_template_metadata_like_v036(sealed: &mut serde_json::Map<String, Value>) {
    let empty = Value::Object(Default::default());
    let field = |value: Option<&Value>, key: &str| -> Value {
        value
            .and_then(|m| m.get(key))
            .filter(|v| !v.is_null())
            .cloned()
            .unwrap_or_else(|| empty.clone())
    };
    let metadata = sealed.get("metadata").cloned();
    let template_metadata = sealed
        .get("spec")
        .and_then(|s| s.get("template"))
        .and_then(|t| t.get("metadata"))
        .cloned();
    let differs = ["labels", "annotations"]
        .iter()
        .any(|key| field(metadata.as_ref(), key) != field(template_metadata.as_ref(), key));
    if !differs {
        return;
    }
    if let Some(Value::Object(template_metadata)) = sealed
        .get_mut("spec")
        .and_then(|s| s.get_mut("template"))
        .and_then(|t| t.get_mut("metadata"))
    {
        template_metadata.remove("labels");
        template_metadata.remove("annotations");
    }
}

fn parse_query(query: &str) -> BTreeMap<String, String> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 3;
                    }
                    Err(_) => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ---------------------------------------------------------------------------
// A server that never answers, and an HTTP CONNECT proxy
// ---------------------------------------------------------------------------

/// Accepts TCP connections and never sends a byte (not even a TLS handshake).
pub struct HangingServer {
    addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
    _stop: Stopper,
}

impl HangingServer {
    pub fn start() -> HangingServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = accepted.clone();
        let stop = Stopper::spawn(listener, move |listener| async move {
            let mut held = Vec::new();
            loop {
                if let Ok((tcp, _)) = listener.accept().await {
                    counter.fetch_add(1, Ordering::SeqCst);
                    held.push(tcp);
                }
            }
        });
        HangingServer {
            addr,
            accepted,
            _stop: stop,
        }
    }

    /// `https://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// How many connections were accepted.
    pub fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

/// A minimal HTTP CONNECT proxy that tunnels to 127.0.0.1 only; names under
/// `.sealant.test` resolve to 127.0.0.1 behind it (a corporate network's DNS
/// that only the proxy can use), so that tests can tell proxied from direct.
pub struct ConnectProxy {
    addr: SocketAddr,
    tunnels: Arc<Mutex<Vec<String>>>,
    _stop: Stopper,
}

impl ConnectProxy {
    pub fn start() -> ConnectProxy {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local addr");
        let tunnels = Arc::new(Mutex::new(Vec::new()));
        let seen = tunnels.clone();
        let stop = Stopper::spawn(listener, move |listener| async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else {
                    continue;
                };
                let seen = seen.clone();
                tokio::task::spawn_local(async move {
                    let mut head = Vec::new();
                    let mut byte = [0u8; 1];
                    while !head.ends_with(b"\r\n\r\n") && head.len() < 8192 {
                        match client.read(&mut byte).await {
                            Ok(1) => head.push(byte[0]),
                            _ => return,
                        }
                    }
                    let head = String::from_utf8_lossy(&head).to_string();
                    let target = head
                        .lines()
                        .next()
                        .and_then(|line| line.strip_prefix("CONNECT "))
                        .and_then(|rest| rest.split_whitespace().next())
                        .map(str::to_string);
                    let Some(target) = target.filter(|t| {
                        t.starts_with("127.0.0.1:")
                            || t.starts_with("localhost:")
                            || t.split(':')
                                .next()
                                .is_some_and(|h| h.ends_with(".sealant.test"))
                    }) else {
                        let _ = client.write_all(b"HTTP/1.1 403 Forbidden\r\n\r\n").await;
                        return;
                    };
                    let dial = match target.rsplit_once(':') {
                        Some((host, port)) if host.ends_with(".sealant.test") => {
                            format!("127.0.0.1:{port}")
                        }
                        _ => target.clone(),
                    };
                    let Ok(mut upstream) = tokio::net::TcpStream::connect(&dial).await else {
                        let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
                        return;
                    };
                    seen.lock().unwrap().push(target);
                    if client
                        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                        .await
                        .is_err()
                    {
                        return;
                    }
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
                });
            }
        });
        ConnectProxy {
            addr,
            tunnels,
            _stop: stop,
        }
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The `host:port` of every tunnel opened.
    pub fn tunnels(&self) -> Vec<String> {
        self.tunnels.lock().unwrap().clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(
            percent_decode("app.kubernetes.io%2Fname%3Dsealed-secrets"),
            "app.kubernetes.io/name=sealed-secrets"
        );
        assert_eq!(percent_decode("100%"), "100%");
    }
}
