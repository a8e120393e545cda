//! Sealing key pairs as the controller makes them: RSA (4096 bits by
//! default), a self-signed X.509 certificate with an empty subject, the
//! `encipherOnly` key usage (critical) and `CA:TRUE`, valid ten years; and
//! the `kubernetes.io/tls` Secret the controller keeps them in, labelled
//! `sealedsecrets.bitnami.com/sealed-secrets-key: active`.
//!
//! The certificate is encoded by `rcgen` and signed (sha256WithRSAEncryption)
//! by sealant's own crypto backend, so both backends can make keys.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, IsCa, KeyIdMethod, KeyUsagePurpose,
    PublicKeyData, SerialNumber, SignatureAlgorithm, SigningKey,
};
use time::{Duration, OffsetDateTime};
use x509_parser::prelude::{FromDer, SubjectPublicKeyInfo};
use zeroize::Zeroizing;

use crate::core::certificate::{Certificate, Fingerprint};
use crate::core::crypto::{self, Backend, PrivateKey, Rng};
use crate::error::{Error, Result};

/// The label that makes the controller use a Secret as a sealing key.
pub const SEALING_KEY_LABEL: &str = crate::core::keyring::KEY_LABEL;

/// The prefix of the controller's key Secret names (its `generateName`).
pub const NAME_PREFIX: &str = "sealed-secrets-key";

/// What to make.
#[derive(Debug, Clone)]
pub struct KeygenParams {
    /// RSA modulus size: one of [`crypto::KEY_SIZES`].
    pub bits: usize,
    /// How long the certificate is valid from now.
    pub validity: Duration,
    /// The namespace of the key Secret (the controller's).
    pub namespace: String,
    /// The name of the key Secret.
    pub name: String,
}

/// A generated sealing key: the private key, its certificate and the Secret
/// manifest holding both. The key and the manifest are wiped from memory on drop.
pub struct GeneratedKey {
    /// `tls.key`: the private key as PKCS#1 PEM (`RSA PRIVATE KEY`).
    pub key_pem: Zeroizing<String>,
    /// `tls.crt`: the certificate as PEM.
    pub cert_pem: String,
    /// The parsed certificate (fingerprint, dates, size).
    pub cert: Certificate,
    /// The `kubernetes.io/tls` Secret manifest, as YAML.
    pub secret_yaml: Zeroizing<String>,
}

/// Parses a validity: a number with `d` (days), `y` (years of 365 days) or
/// `h` (hours), e.g. `3650d`, `10y`, `87600h`.
pub fn parse_validity(text: &str) -> std::result::Result<Duration, String> {
    let t = text.trim();
    let bad = || {
        format!(
            "'{text}' is not a validity; write a number of days, years or hours: 3650d, 10y, 87600h"
        )
    };
    let unit = t.chars().last().ok_or_else(bad)?;
    let number: i64 = t[..t.len() - unit.len_utf8()].parse().map_err(|_| bad())?;
    let d = match unit {
        'd' => Duration::days(number),
        'y' => Duration::days(number.checked_mul(365).ok_or_else(bad)?),
        'h' => Duration::hours(number),
        _ => return Err(bad()),
    };
    if d < Duration::days(1) {
        return Err(format!(
            "'{text}' is too short: a sealing key must be valid at least a day"
        ));
    }
    if d > Duration::days(100 * 365) {
        return Err(format!("'{text}' is longer than 100 years"));
    }
    Ok(d)
}

/// A Secret name as the controller's `generateName` makes it:
/// `sealed-secrets-key` and five random characters.
pub fn default_name(rng: &mut dyn Rng) -> String {
    // The alphabet Kubernetes uses for generated names (no vowels, no 0/1/3).
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut bytes = [0u8; 5];
    rng.fill_bytes(&mut bytes);
    let suffix: String = bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    format!("{NAME_PREFIX}{suffix}")
}

/// Makes a key pair, its certificate and the Secret manifest.
pub fn generate(
    params: &KeygenParams,
    backend: Backend,
    now: OffsetDateTime,
    rng: &mut dyn Rng,
) -> Result<GeneratedKey> {
    check_name(&params.name, "--name", false)?;
    check_name(&params.namespace, "--namespace", true)?;
    let failed = |what: &str| Error::key("(generated)", format!("{what} failed"), None);
    let pkcs1 = crypto::generate_rsa_pkcs1(params.bits, backend).map_err(|_| {
        Error::usage(
            format!("cannot make a {}-bit RSA key", params.bits),
            Some(format!("use one of {:?} bits", crypto::KEY_SIZES)),
        )
    })?;
    let key = PrivateKey::from_pkcs1_der(&pkcs1, backend).map_err(|_| failed("key generation"))?;
    let spki = key
        .public_spki_der()
        .map_err(|_| failed("public key export"))?;
    let (_, info) =
        SubjectPublicKeyInfo::from_der(&spki).map_err(|_| failed("public key export"))?;
    let signer = Signer {
        pkcs1: &pkcs1,
        rsa_public: info.subject_public_key.data.to_vec(),
        spki: spki.clone(),
        backend,
    };

    let mut serial = [0u8; 16];
    rng.fill_bytes(&mut serial);
    serial[0] &= 0x7f;
    let now = now.replace_nanosecond(0).unwrap_or(now);
    let mut cert_params = CertificateParams::default();
    cert_params.distinguished_name = DistinguishedName::new();
    cert_params.serial_number = Some(SerialNumber::from_slice(&serial));
    cert_params.not_before = now;
    cert_params.not_after = now + params.validity;
    cert_params.key_usages = vec![KeyUsagePurpose::EncipherOnly];
    cert_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    // RFC 7093 method 1: the leftmost 160 bits of the SHA-256 of the key.
    cert_params.key_identifier_method =
        KeyIdMethod::PreSpecified(Fingerprint::of(&signer.rsa_public).0[..20].to_vec());
    let cert = cert_params
        .self_signed(&signer)
        .map_err(|e| failed(&format!("certificate signing ({e})")))?;
    let der = cert.der().to_vec();
    let cert_pem = crate::core::certificate::pem_lf("CERTIFICATE", &der);
    let parsed = Certificate::from_der(der, "(generated)", backend)?;
    let key_pem = Zeroizing::new(crate::core::certificate::pem_lf("RSA PRIVATE KEY", &pkcs1));
    let secret_yaml = Zeroizing::new(format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  labels:\n    {SEALING_KEY_LABEL}: active\n  name: {}\n  namespace: {}\ntype: kubernetes.io/tls\ndata:\n  tls.crt: {}\n  tls.key: {}\n",
        params.name,
        params.namespace,
        STANDARD.encode(cert_pem.as_bytes()),
        Zeroizing::new(STANDARD.encode(key_pem.as_bytes())).as_str(),
    ));
    Ok(GeneratedKey {
        key_pem,
        cert_pem,
        cert: parsed,
        secret_yaml,
    })
}

/// A Kubernetes name: lowercase letters, digits and `-` (and `.` in
/// names), starting and ending with a letter or digit.
/// `--name` is an object name and `--namespace` a namespace, by the rules
/// of [`crate::core::names`].
fn check_name(value: &str, flag: &str, namespace: bool) -> Result<()> {
    let problem = if namespace {
        crate::core::names::namespace_problem(value)
    } else {
        crate::core::names::object_name_problem(value)
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(crate::core::names::name_error(flag, value, problem)),
    }
}

/// The generated key, as rcgen sees it: the public key it certifies and
/// the signer of the self-signed certificate.
struct Signer<'a> {
    pkcs1: &'a [u8],
    /// The PKCS#1 `RSAPublicKey`, the content of the SPKI's BIT STRING.
    rsa_public: Vec<u8>,
    spki: Vec<u8>,
    backend: Backend,
}

impl PublicKeyData for Signer<'_> {
    fn der_bytes(&self) -> &[u8] {
        &self.rsa_public
    }

    fn algorithm(&self) -> &'static SignatureAlgorithm {
        &rcgen::PKCS_RSA_SHA256
    }

    fn subject_public_key_info(&self) -> Vec<u8> {
        self.spki.clone()
    }
}

impl SigningKey for Signer<'_> {
    fn sign(&self, msg: &[u8]) -> std::result::Result<Vec<u8>, rcgen::Error> {
        crypto::sign_pkcs1v15_sha256(self.pkcs1, msg, self.backend)
            .map_err(|_| rcgen::Error::RemoteKeyError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::SeedableRng;

    #[test]
    fn validity_takes_days_years_and_hours() {
        assert_eq!(parse_validity("3650d"), Ok(Duration::days(3650)));
        assert_eq!(parse_validity("10y"), Ok(Duration::days(3650)));
        assert_eq!(parse_validity("87600h"), Ok(Duration::days(3650)));
        for bad in ["", "10", "y", "ten y", "-1d", "0d", "1000y", "5w"] {
            assert!(parse_validity(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn default_names_look_like_the_controllers() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
        let name = default_name(&mut rng);
        assert!(name.starts_with("sealed-secrets-key"), "{name}");
        assert_eq!(name.len(), "sealed-secrets-key".len() + 5);
        assert!(check_name(&name, "--name", false).is_ok());
    }

    #[test]
    fn names_must_be_kubernetes_names() {
        for bad in ["", "Key", "a/b", "-a", "a-", "../x", "a b"] {
            assert!(check_name(bad, "--name", false).is_err(), "{bad}");
        }
        assert!(check_name("kube.system", "--namespace", true).is_err());
        assert!(check_name("my-key.v2", "--name", false).is_ok());
    }

    #[test]
    fn a_generated_key_is_what_the_controller_makes() {
        for backend in Backend::all() {
            let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
            let params = KeygenParams {
                bits: 2048,
                validity: Duration::days(3650),
                namespace: "kube-system".into(),
                name: "sealed-secrets-keyabcde".into(),
            };
            let now = OffsetDateTime::now_utc();
            let made = generate(&params, backend, now, &mut rng).unwrap();
            let (_, x509) =
                x509_parser::parse_x509_certificate(&made.cert.der).expect("a certificate");
            assert_eq!(x509.subject().to_string(), "", "empty subject");
            assert_eq!(x509.issuer().to_string(), "", "self-signed, empty issuer");
            let ku = x509.key_usage().unwrap().expect("keyUsage");
            assert!(ku.critical, "keyUsage is critical");
            assert!(ku.value.encipher_only());
            assert!(!ku.value.digital_signature());
            let bc = x509.basic_constraints().unwrap().expect("basicConstraints");
            assert!(bc.value.ca);
            assert_eq!(made.cert.bits(), 2048);
            let days = (made.cert.not_after - made.cert.not_before).whole_days();
            assert_eq!(days, 3650);
            // The signature verifies with the certificate's own key.
            #[cfg(feature = "aws-lc")]
            {
                use aws_lc_rs::signature::{RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};
                let public = &x509.public_key().subject_public_key.data;
                UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, public)
                    .verify(x509.tbs_certificate.as_ref(), &x509.signature_value.data)
                    .expect("the self-signature verifies");
            }
            // The key in tls.key is the certificate's key, in PKCS#1.
            let key_pem = pem::parse(made.key_pem.as_bytes()).unwrap();
            assert_eq!(key_pem.tag(), "RSA PRIVATE KEY");
            let key = PrivateKey::from_pkcs1_der(key_pem.contents(), backend).unwrap();
            assert_eq!(
                Fingerprint::of(&key.public_spki_der().unwrap()),
                crate::core::keyring::spki_of_cert(&made.cert).unwrap()
            );
            assert!(made.secret_yaml.contains("type: kubernetes.io/tls"));
        }
    }
}
