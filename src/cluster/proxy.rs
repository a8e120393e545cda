//! Choosing the proxy for the API server as client-go does with Go's
//! `http.ProxyFromEnvironment`: `HTTPS_PROXY` for https servers, `HTTP_PROXY`
//! for http ones, `NO_PROXY` matched against the API server (names and their
//! subdomains, IPs, CIDRs, each optionally with a port), `localhost` and
//! loopback addresses never proxied. A kubeconfig `proxy-url` wins over all of
//! it (the caller applies that). Matching names, IPs and CIDRs is
//! hyper-util's matcher; the parts where Go differs from curl (ports,
//! loopback, `.example.com` not matching `example.com`) are handled here.

use std::net::IpAddr;

use hyper_util::client::proxy::matcher::Matcher;

use super::cluster_error::ClusterError;

/// The proxy variables, read like Go's `httpproxy.FromEnvironment` (the
/// upper-case name first, the first non-empty one counts).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxyEnv {
    pub http: Option<String>,
    pub https: Option<String>,
    pub no: Option<String>,
}

impl ProxyEnv {
    pub fn from_process() -> Self {
        let any = |names: [&str; 2]| {
            names
                .iter()
                .filter_map(|n| std::env::var(n).ok())
                .find(|v| !v.is_empty())
        };
        ProxyEnv {
            http: any(["HTTP_PROXY", "http_proxy"]),
            https: any(["HTTPS_PROXY", "https_proxy"]),
            no: any(["NO_PROXY", "no_proxy"]),
        }
    }
}

fn default_port(scheme: Option<&str>) -> u16 {
    if scheme == Some("http") { 80 } else { 443 }
}

/// The proxy to reach `target` through, from the environment alone.
pub(crate) fn from_env(
    target: &http::Uri,
    env: &ProxyEnv,
) -> Result<Option<http::Uri>, ClusterError> {
    let Some(host) = target.host() else {
        return Ok(None);
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    {
        return Ok(None);
    }
    let port = target
        .port_u16()
        .unwrap_or_else(|| default_port(target.scheme_str()));

    // NO_PROXY entries as hyper-util reads them, after Go's own rules:
    // an entry with a port only counts for that port, and `.example.com`
    // (or `*.example.com`) only for subdomains.
    let mut no = Vec::new();
    for entry in env.no.iter().flat_map(|n| n.split(',')) {
        let entry = entry.trim().to_ascii_lowercase();
        if entry.is_empty() {
            continue;
        }
        if entry == "*" {
            return Ok(None);
        }
        let (name, entry_port) = split_port(&entry);
        if let Some(p) = entry_port
            && p != port
        {
            continue;
        }
        let name = name.strip_prefix('*').unwrap_or(name);
        if let Some(domain) = name.strip_prefix('.')
            && domain.eq_ignore_ascii_case(bare)
        {
            continue;
        }
        no.push(name.to_string());
    }
    // The variable for this scheme must name a proxy we can use (Go fails
    // the request on an unknown scheme; hyper-util would ignore it).
    let wanted = match target.scheme_str() {
        Some("http") => env.http.as_ref(),
        _ => env.https.as_ref(),
    };
    if let Some(value) = wanted {
        let uri: http::Uri = with_scheme(value)
            .parse()
            .map_err(|e| ClusterError::Proxy {
                reason: format!("invalid proxy in the environment: {e}"),
            })?;
        check_scheme(&uri)?;
    }
    let mut builder = Matcher::builder().no(no.join(","));
    if let Some(http) = &env.http {
        builder = builder.http(with_scheme(http));
    }
    if let Some(https) = &env.https {
        builder = builder.https(with_scheme(https));
    }
    let matcher = builder.build();
    match matcher.intercept(target) {
        None => Ok(None),
        Some(intercept) => {
            let uri = intercept.uri().clone();
            check_scheme(&uri)?;
            Ok(Some(uri))
        }
    }
}

/// `host:port`, `[v6]:port`, or a bare name, IP or CIDR.
fn split_port(entry: &str) -> (&str, Option<u16>) {
    if let Some(rest) = entry.strip_prefix('[') {
        if let Some((ip, tail)) = rest.split_once(']') {
            return (ip, tail.strip_prefix(':').and_then(|p| p.parse().ok()));
        }
        return (entry, None);
    }
    // A v6 address (several colons) or CIDR has no port.
    if entry.matches(':').count() == 1
        && let Some((name, port)) = entry.rsplit_once(':')
        && let Ok(port) = port.parse()
    {
        return (name, Some(port));
    }
    (entry, None)
}

/// Go takes a proxy without a scheme as `http://`.
fn with_scheme(value: &str) -> String {
    if value.contains("://") {
        value.to_string()
    } else {
        format!("http://{value}")
    }
}

pub(crate) fn check_scheme(uri: &http::Uri) -> Result<(), ClusterError> {
    match uri.scheme_str() {
        Some("http" | "https" | "socks5") => Ok(()),
        other => Err(ClusterError::Proxy {
            reason: format!(
                "the proxy {} has the scheme {:?}; http, https and socks5 are supported",
                super::options::redact(uri),
                other.unwrap_or("")
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(https: &str, no: &str) -> ProxyEnv {
        ProxyEnv {
            http: Some("http://plain-proxy:3128".into()),
            https: Some(https.into()),
            no: (!no.is_empty()).then(|| no.to_string()),
        }
    }

    fn proxy(target: &str, env: &ProxyEnv) -> Option<String> {
        from_env(&target.parse().unwrap(), env)
            .unwrap()
            .map(|u| u.to_string())
    }

    #[test]
    fn scheme_picks_the_variable() {
        let e = env("http://secure-proxy:3128", "");
        assert_eq!(
            proxy("https://api.example.com", &e).as_deref(),
            Some("http://secure-proxy:3128/")
        );
        assert_eq!(
            proxy("http://api.example.com", &e).as_deref(),
            Some("http://plain-proxy:3128/")
        );
        let only_https = ProxyEnv {
            https: Some("proxy:8080".into()),
            ..Default::default()
        };
        assert_eq!(proxy("http://api.example.com", &only_https), None);
        assert_eq!(
            proxy("https://api.example.com", &only_https).as_deref(),
            Some("http://proxy:8080/")
        );
    }

    #[test]
    fn loopback_and_localhost_are_never_proxied() {
        let e = env("http://proxy:3128", "");
        for target in [
            "https://127.0.0.1:6443",
            "https://localhost:6443",
            "https://LOCALHOST",
            "https://[::1]:6443",
            "https://127.8.9.10",
        ] {
            assert_eq!(proxy(target, &e), None, "{target}");
        }
    }

    #[test]
    fn no_proxy_matches_the_target_like_go() {
        let e = env(
            "http://proxy:3128",
            "internal.corp, .svc.example, 10.0.0.0/8, 192.168.1.5, api.port.example:8443",
        );
        assert_eq!(proxy("https://internal.corp", &e), None);
        assert_eq!(proxy("https://k8s.internal.corp", &e), None);
        assert!(proxy("https://notinternal.corp", &e).is_some());
        assert_eq!(proxy("https://a.svc.example", &e), None);
        // Go: a leading dot matches subdomains only.
        assert!(proxy("https://svc.example", &e).is_some());
        assert_eq!(proxy("https://10.20.30.40:6443", &e), None);
        assert!(proxy("https://11.0.0.1", &e).is_some());
        assert_eq!(proxy("https://192.168.1.5:6443", &e), None);
        assert!(proxy("https://192.168.1.6", &e).is_some());
        assert_eq!(proxy("https://api.port.example:8443", &e), None);
        assert!(proxy("https://api.port.example:6443", &e).is_some());
        assert!(proxy("https://api.port.example", &e).is_some());
        assert_eq!(proxy("https://x.y", &env("http://p:1", "*")), None);
        assert_eq!(
            proxy("https://k.example:443", &env("http://p:1", "*.example:443")),
            None
        );
    }

    #[test]
    fn socks5_is_accepted_and_unknown_schemes_refused() {
        let e = env("socks5://proxy:1080", "");
        assert_eq!(
            proxy("https://api.example.com", &e).as_deref(),
            Some("socks5://proxy:1080/")
        );
        let bad = env("ftp://proxy:21", "");
        assert!(from_env(&"https://a.example".parse().unwrap(), &bad).is_err());
    }

    #[test]
    fn ports_are_split_from_names_only() {
        assert_eq!(split_port("a.b:8443"), ("a.b", Some(8443)));
        assert_eq!(split_port("10.0.0.0/8"), ("10.0.0.0/8", None));
        assert_eq!(split_port("::1"), ("::1", None));
        assert_eq!(split_port("[::1]:6443"), ("::1", Some(6443)));
    }
}
