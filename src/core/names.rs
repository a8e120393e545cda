//! Kubernetes' rules for names, in one place: object names (DNS-1123
//! subdomains), namespaces (DNS-1123 labels) and the keys of a Secret's
//! `data`. Every command that takes or checks a name asks here.

/// Why `name` cannot name a Kubernetes object (a DNS-1123 subdomain: at most
/// 253 lowercase letters, digits, `-` and `.`, starting and ending with a
/// letter or digit), or `None` when it can.
pub fn object_name_problem(name: &str) -> Option<&'static str> {
    dns_problem(name, 253, true)
}

/// Why `namespace` cannot name a namespace (a DNS-1123 label: at most 63
/// lowercase letters, digits and `-`, starting and ending with a letter or
/// digit), or `None` when it can.
pub fn namespace_problem(namespace: &str) -> Option<&'static str> {
    dns_problem(namespace, 63, false)
}

/// Why `key` cannot be a key of a Secret's `data` (letters, digits, `-`,
/// `_` and `.`, at most 253, not `.`, `..` or starting with `..`: the API
/// server's rule for Secret and ConfigMap keys), or `None` when it can.
pub fn secret_key_problem(key: &str) -> Option<&'static str> {
    if key.is_empty() {
        Some("it is empty")
    } else if key.len() > 253 {
        Some("it is longer than 253 characters")
    } else if key == "." || key == ".." || key.starts_with("..") {
        Some("it cannot be '.' or '..' or start with '..'")
    } else if !key
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        Some("only letters, digits, '-', '_' and '.' are allowed")
    } else {
        None
    }
}

/// The hint that goes with [`secret_key_problem`].
pub const SECRET_KEY_HINT: &str = "keys are letters, digits, '-', '_' and '.' (at most 253)";

fn dns_problem(name: &str, max: usize, dots: bool) -> Option<&'static str> {
    let edge = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if name.is_empty() {
        Some("it is empty")
    } else if name.len() > max {
        Some(if dots {
            "it is longer than 253 characters"
        } else {
            "it is longer than 63 characters"
        })
    } else if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || (dots && b == b'.'))
    {
        Some(if dots {
            "only lowercase letters, digits, '-' and '.' are allowed"
        } else {
            "only lowercase letters, digits and '-' are allowed"
        })
    } else if !edge(name.as_bytes().first()) || !edge(name.as_bytes().last()) {
        Some("it must start and end with a letter or digit")
    } else {
        None
    }
}

/// A usage error for a name given on the command line (`--name`,
/// `--namespace`, `--controller-name`...) that breaks `problem`'s rule.
pub fn name_error(flag: &str, value: &str, problem: &str) -> crate::error::Error {
    crate::error::Error::usage(
        format!("{flag} '{value}' is not a valid Kubernetes name: {problem}"),
        Some(NAME_HINT.to_string()),
    )
}

/// The hint that goes with [`object_name_problem`] and [`namespace_problem`].
pub const NAME_HINT: &str = "use lowercase letters, digits and '-' (and '.' in object names), starting and ending with a letter or digit";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubernetes_names() {
        for ok in [
            "db",
            "db-credentials",
            "app.tls",
            "a",
            "0",
            &"a".repeat(253),
        ] {
            assert_eq!(object_name_problem(ok), None, "{ok}");
        }
        for bad in ["", "DB", "db_1", "-db", "db.", "d b", &"a".repeat(254)] {
            assert!(object_name_problem(bad).is_some(), "{bad}");
        }
        assert_eq!(namespace_problem("team-a"), None);
        assert_eq!(namespace_problem(&"a".repeat(63)), None);
        for bad in ["team.a", "Team", &"a".repeat(64), "a-"] {
            assert!(namespace_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn secret_keys() {
        for ok in ["a", "tls.crt", "A_b-c.d", ".env"] {
            assert_eq!(secret_key_problem(ok), None, "{ok}");
        }
        for bad in ["", ".", "..", "..x", "a/b", "a b", &"a".repeat(254)] {
            assert!(secret_key_problem(bad).is_some(), "{bad}");
        }
    }
}
