//! Downloading a certificate from an `http(s)://` URL, on the hyper stack
//! kube already brings (no second HTTP client in the binary).
//!
//! What it does: one GET per hop on a current-thread tokio runtime; at most
//! [`MAX_REDIRECTS`] redirects; [`FETCH_TIMEOUT`] from the first connect to
//! the last byte; at most [`MAX_CERT_BYTES`] of body; TLS verified by rustls
//! with the platform verifier (the system's roots); proxies from `HTTP_PROXY`, `HTTPS_PROXY`,
//! `ALL_PROXY` and `NO_PROXY` (lower case too) with Go's
//! `ProxyFromEnvironment` rules: `http://` and `https://` proxies (CONNECT
//! tunnel for https URLs), `socks5://` and `socks5h://`.

use std::sync::Arc;
use std::time::Duration;

use http::header::{HeaderValue, LOCATION};
use http::{Request, StatusCode, Uri};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::proxy::{SocksV5, Tunnel};
use hyper_util::client::proxy::matcher::{Intercept, Matcher};
use tower_service::Service;

use crate::limits::MAX_CERT_BYTES;

/// How long a certificate download may take, connect to last byte.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(30);
/// How many redirects a certificate URL may take.
pub const MAX_REDIRECTS: usize = 5;
use crate::error::{Error, Result};

/// How long one TCP connect may take (the proxy's or the server's).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A connection hyper can speak HTTP/1 over, whatever carries it.
trait Io: hyper::rt::Read + hyper::rt::Write + Unpin + Send {}
impl<T: hyper::rt::Read + hyper::rt::Write + Unpin + Send> Io for T {}

/// Why a download failed, before it becomes the user's message.
enum DownloadFailure {
    Connect(BoxError),
    Request(BoxError),
    Status(StatusCode),
    TooManyRedirects,
    BadRedirect(String),
    Body(BoxError),
    TooLarge,
}

/// Fetches `url` and returns its body, with every failure named after `url`.
pub(crate) fn fetch_url(url: &str) -> Result<Vec<u8>> {
    let uri: Uri = url
        .parse()
        .map_err(|e| Error::cert(url, format!("is not a valid URL ({e})"), None))?;
    warn_if_plain(&uri);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| Error::cert(url, format!("cannot start an HTTP client ({e})"), None))?;
    let tls = tls_config()
        .map_err(|e| Error::cert(url, format!("cannot start an HTTP client ({e})"), None))?;
    let client = Client {
        tls,
        proxies: Matcher::from_env(),
    };
    let result = runtime.block_on(async {
        tokio::time::timeout(FETCH_TIMEOUT, client.get_following_redirects(uri)).await
    });
    let hint = || Some("check the URL, your network and HTTPS_PROXY".to_string());
    match result {
        Ok(Ok(bytes)) => Ok(bytes),
        Err(_elapsed) => Err(Error::cert(
            url,
            format!("timed out after {}s", FETCH_TIMEOUT.as_secs()),
            hint(),
        )),
        Ok(Err(failure)) => Err(match failure {
            DownloadFailure::Connect(e) => {
                Error::cert(url, format!("cannot connect ({})", chain(&*e)), hint())
            }
            DownloadFailure::Request(e) => {
                Error::cert(url, format!("request failed ({})", chain(&*e)), hint())
            }
            DownloadFailure::Status(status) => {
                Error::cert(url, format!("the server answered {status}"), None)
            }
            DownloadFailure::TooManyRedirects => Error::cert(
                url,
                format!("request failed (more than {MAX_REDIRECTS} redirects)"),
                hint(),
            ),
            DownloadFailure::BadRedirect(why) => {
                Error::cert(url, format!("request failed (redirect {why})"), hint())
            }
            DownloadFailure::Body(e) => {
                Error::cert(url, format!("download failed ({})", chain(&*e)), None)
            }
            DownloadFailure::TooLarge => Error::cert(
                url,
                "the answer is larger than 1 MiB; that is not a certificate",
                None,
            ),
        }),
    }
}

fn warn_if_plain(uri: &Uri) {
    if uri.scheme_str() == Some("http") {
        crate::note!(
            "warning: fetching the certificate over plain http: nothing proves it is the controller's; pin it with --expect-fingerprint"
        );
    }
}

/// rustls with the aws-lc-rs provider and the platform's verifier (the
/// system's roots and trust settings), as kube builds its TLS.
fn tls_config() -> std::result::Result<rustls::ClientConfig, BoxError> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_platform_verifier()?
        .with_no_client_auth())
}

struct Client {
    tls: rustls::ClientConfig,
    proxies: Matcher,
}

impl Client {
    async fn get_following_redirects(
        &self,
        mut uri: Uri,
    ) -> std::result::Result<Vec<u8>, DownloadFailure> {
        let mut redirects = 0;
        loop {
            let response = self.get(&uri).await?;
            let status = response.status();
            if matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308) {
                if redirects == MAX_REDIRECTS {
                    return Err(DownloadFailure::TooManyRedirects);
                }
                redirects += 1;
                uri = next_location(&uri, response.headers().get(LOCATION))?;
                warn_if_plain(&uri);
                continue;
            }
            if !status.is_success() {
                return Err(DownloadFailure::Status(status));
            }
            return read_capped(response.into_body()).await;
        }
    }

    /// One GET, on a fresh connection (a certificate download is one request).
    async fn get(
        &self,
        uri: &Uri,
    ) -> std::result::Result<http::Response<hyper::body::Incoming>, DownloadFailure> {
        let proxy = self.proxies.intercept(uri);
        let io = self
            .connect(uri, proxy.as_ref())
            .await
            .map_err(DownloadFailure::Connect)?;
        let (mut sender, connection) = hyper::client::conn::http1::handshake(io)
            .await
            .map_err(|e| DownloadFailure::Request(e.into()))?;
        tokio::spawn(connection);
        // A plain-http URL through an http proxy goes in absolute form, with
        // the proxy's credentials; everything else in origin form.
        let forward = proxy
            .as_ref()
            .filter(|p| uri.scheme_str() == Some("http") && is_http_proxy(p));
        let target = match forward {
            Some(_) => uri.to_string(),
            None => uri
                .path_and_query()
                .map_or("/".to_string(), |p| p.as_str().to_string()),
        };
        let host = match uri.port() {
            Some(port) => format!("{}:{port}", uri.host().unwrap_or_default()),
            None => uri.host().unwrap_or_default().to_string(),
        };
        let mut request = Request::get(target)
            .header(http::header::HOST, host)
            .header(http::header::ACCEPT, "*/*")
            .header(
                http::header::USER_AGENT,
                concat!("sealant/", env!("CARGO_PKG_VERSION")),
            );
        if let Some(auth) = forward.and_then(|p| p.basic_auth()) {
            request = request.header(http::header::PROXY_AUTHORIZATION, auth.clone());
        }
        let request = request
            .body(Empty::<Bytes>::new())
            .map_err(|e| DownloadFailure::Request(e.into()))?;
        sender
            .send_request(request)
            .await
            .map_err(|e| DownloadFailure::Request(e.into()))
    }

    /// The connection to `uri`: direct, through an http(s) proxy (a CONNECT
    /// tunnel for https, plain forwarding for http), or through SOCKS5; TLS
    /// on top for https URLs.
    async fn connect(
        &self,
        uri: &Uri,
        proxy: Option<&Intercept>,
    ) -> std::result::Result<Box<dyn Io>, BoxError> {
        let mut tcp = HttpConnector::new();
        tcp.enforce_http(false);
        tcp.set_connect_timeout(Some(CONNECT_TIMEOUT));
        let Some(proxy) = proxy else {
            return call(self.https(tcp), uri.clone()).await;
        };
        let proxy_uri = proxy.uri().clone();
        match proxy_uri.scheme_str() {
            Some("http") | Some("https") => {
                // TLS to the proxy itself when it is an https:// proxy.
                let to_proxy = self.https(tcp);
                if uri.scheme_str() == Some("http") {
                    return call(to_proxy, proxy_uri).await;
                }
                let mut tunnel = Tunnel::new(proxy_uri, to_proxy);
                if let Some(auth) = proxy.basic_auth() {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                call(self.https(tunnel), uri.clone()).await
            }
            Some(scheme @ ("socks5" | "socks5h")) => {
                let mut socks = SocksV5::new(proxy_uri.clone(), tcp).local_dns(scheme == "socks5");
                if let Some((user, pass)) = proxy.raw_auth() {
                    socks = socks.with_auth(user.to_string(), pass.to_string());
                }
                call(self.https(socks), uri.clone()).await
            }
            _ => Err(format!(
                "the proxy {proxy_uri} has a scheme sealant cannot use (http, https, socks5 or socks5h)"
            )
            .into()),
        }
    }

    /// TLS (for https destinations) over whatever `inner` connects.
    fn https<C>(&self, inner: C) -> HttpsConnector<C> {
        hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(self.tls.clone())
            .https_or_http()
            .enable_http1()
            .wrap_connector(inner)
    }
}

fn is_http_proxy(proxy: &Intercept) -> bool {
    matches!(proxy.uri().scheme_str(), Some("http") | Some("https"))
}

/// Calls a connector and boxes what it returns.
async fn call<S>(mut service: S, uri: Uri) -> std::result::Result<Box<dyn Io>, BoxError>
where
    S: Service<Uri>,
    S::Response: Io + 'static,
    S::Error: Into<BoxError>,
{
    std::future::poll_fn(|cx| service.poll_ready(cx))
        .await
        .map_err(Into::into)?;
    let io = service.call(uri).await.map_err(Into::into)?;
    Ok(Box::new(io))
}

/// Where a redirect points, resolved against the URL that answered it.
fn next_location(
    base: &Uri,
    location: Option<&HeaderValue>,
) -> std::result::Result<Uri, DownloadFailure> {
    let location = location
        .and_then(|l| l.to_str().ok())
        .ok_or_else(|| DownloadFailure::BadRedirect("without a readable Location".into()))?;
    let invalid = || DownloadFailure::BadRedirect(format!("to an invalid URL {location:?}"));
    let resolved: Uri = if location.contains("://") {
        location.parse().map_err(|_| invalid())?
    } else if location.starts_with("//") {
        format!("{}:{location}", base.scheme_str().unwrap_or("http"))
            .parse()
            .map_err(|_| invalid())?
    } else {
        let path = if location.starts_with('/') {
            location.to_string()
        } else {
            // Relative to the base's folder.
            let dir = base.path().rsplit_once('/').map_or("", |(d, _)| d);
            format!("{dir}/{location}")
        };
        let mut parts = http::uri::Parts::default();
        parts.scheme = base.scheme().cloned();
        parts.authority = base.authority().cloned();
        parts.path_and_query = Some(path.parse().map_err(|_| invalid())?);
        Uri::from_parts(parts).map_err(|_| invalid())?
    };
    match resolved.scheme_str() {
        Some("http") | Some("https") => Ok(resolved),
        _ => Err(DownloadFailure::BadRedirect(format!(
            "to {location:?}, which is not an http(s) URL"
        ))),
    }
}

/// The body, or [`DownloadFailure::TooLarge`] as soon as it passes the cap.
async fn read_capped(
    mut body: hyper::body::Incoming,
) -> std::result::Result<Vec<u8>, DownloadFailure> {
    let mut bytes = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| DownloadFailure::Body(e.into()))?;
        if let Some(data) = frame.data_ref() {
            if (bytes.len() + data.len()) as u64 > MAX_CERT_BYTES {
                return Err(DownloadFailure::TooLarge);
            }
            bytes.extend_from_slice(data);
        }
    }
    Ok(bytes)
}

/// An error and its causes, on one line.
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        let s = s.to_string();
        if !out.ends_with(&s) {
            out.push_str(": ");
            out.push_str(&s);
        }
        cur = cur.and_then(|c| c.source());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(base: &str, location: &str) -> String {
        let base: Uri = base.parse().unwrap();
        let location = HeaderValue::from_str(location).unwrap();
        match next_location(&base, Some(&location)) {
            Ok(uri) => uri.to_string(),
            Err(_) => "error".into(),
        }
    }

    #[test]
    fn redirects_resolve_against_the_url_that_answered() {
        let base = "https://example.com:8443/v1/cert.pem";
        assert_eq!(resolve(base, "/other"), "https://example.com:8443/other");
        assert_eq!(
            resolve(base, "new.pem"),
            "https://example.com:8443/v1/new.pem"
        );
        assert_eq!(resolve(base, "http://b/c"), "http://b/c");
        assert_eq!(resolve(base, "//b/c"), "https://b/c");
        assert_eq!(resolve(base, "ftp://b/c"), "error");
    }
}
