//! The sealed-secrets wire format for one value. Everything that seals or
//! opens a value goes through this module.
//!
//! ```text
//! value   = base64_std_padded( len || rsa_ct || gcm_ct )
//! len     = length of rsa_ct, 2 bytes, big-endian
//! rsa_ct  = RSA-OAEP(SHA-256, MGF1 SHA-256, label)(session_key)
//! gcm_ct  = AES-256-GCM(session_key, nonce = 12 zero bytes, no AAD)(plaintext) || tag
//! ```
//!
//! The OAEP label binds a value to its scope (see [`crate::core::scope`]). There is
//! no key id: whoever opens a value tries every private key it holds.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use zeroize::Zeroizing;

use crate::core::crypto::{
    self, CryptoError, GCM_TAG_LEN, PrivateKey, PublicKey, Rng, SESSION_KEY_LEN,
};

/// The smallest RSA ciphertext sealant accepts (a 1024-bit key).
pub const MIN_RSA_CIPHERTEXT: usize = 128;
/// The largest RSA ciphertext sealant accepts (a 16384-bit key).
pub const MAX_RSA_CIPHERTEXT: usize = 2048;

/// Why an encoded value is not a sealed value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    /// Not standard padded base64.
    #[error("not valid base64")]
    Base64,
    /// Too short to hold the length prefix, an RSA block and a GCM tag.
    #[error("too short to be a sealed value ({0} bytes)")]
    TooShort(usize),
    /// The RSA block length is not that of any RSA key.
    #[error("its RSA block length ({0} bytes) is not that of any RSA key")]
    BadLength(usize),
}

/// A decoded value split into its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame<'a> {
    /// The RSA-OAEP-wrapped session key.
    pub rsa: &'a [u8],
    /// The AES-GCM ciphertext with its tag.
    pub gcm: &'a [u8],
}

/// Seals `plaintext` for `key` under the OAEP `label` and returns the
/// base64 text that goes into `encryptedData`.
pub fn seal(
    key: &PublicKey,
    label: &[u8],
    plaintext: &[u8],
    rng: &mut dyn Rng,
) -> Result<String, CryptoError> {
    Ok(STANDARD.encode(seal_bytes(key, label, plaintext, rng)?))
}

/// Seals `plaintext` and returns the raw (not base64) bytes of the value.
pub fn seal_bytes(
    key: &PublicKey,
    label: &[u8],
    plaintext: &[u8],
    rng: &mut dyn Rng,
) -> Result<Vec<u8>, CryptoError> {
    let mut session_key = Zeroizing::new([0u8; SESSION_KEY_LEN]);
    rng.fill_bytes(session_key.as_mut());
    let rsa_ct = key.oaep_encrypt(label, session_key.as_ref(), rng)?;
    let len = u16::try_from(rsa_ct.len()).map_err(|_| CryptoError::Encrypt)?;
    // One buffer: the plaintext is copied in once and encrypted where it is.
    let mut out = Vec::with_capacity(2 + rsa_ct.len() + plaintext.len() + GCM_TAG_LEN);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&rsa_ct);
    let body = out.len();
    out.extend_from_slice(plaintext);
    let tag = crypto::gcm_seal_in_place(key.backend(), &session_key, &mut out[body..])?;
    out.extend_from_slice(&tag);
    Ok(out)
}

/// Decodes the base64 text of a value as Go's `base64.StdEncoding` (the
/// controller's decoder) does: line breaks (`\r`, `\n`) are ignored, any
/// other character outside the alphabet (a space, a tab) makes it invalid.
pub fn decode(text: &str) -> Result<Vec<u8>, WireError> {
    let decoded = if text.bytes().any(is_line_break) {
        let compact: String = text.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
        STANDARD.decode(compact)
    } else {
        STANDARD.decode(text)
    };
    let bytes = decoded.map_err(|_| WireError::Base64)?;
    frame(&bytes)?;
    Ok(bytes)
}

/// The bytes Go's base64 decoder skips: `\r` and `\n`, nothing else.
pub fn is_line_break(b: u8) -> bool {
    b == b'\r' || b == b'\n'
}

/// Splits decoded bytes into the RSA block and the GCM ciphertext.
pub fn frame(bytes: &[u8]) -> Result<Frame<'_>, WireError> {
    if bytes.len() < 2 {
        return Err(WireError::TooShort(bytes.len()));
    }
    let len = usize::from(u16::from_be_bytes([bytes[0], bytes[1]]));
    if !(MIN_RSA_CIPHERTEXT..=MAX_RSA_CIPHERTEXT).contains(&len) {
        return Err(WireError::BadLength(len));
    }
    if bytes.len() < 2 + len + GCM_TAG_LEN {
        return Err(WireError::TooShort(bytes.len()));
    }
    Ok(Frame {
        rsa: &bytes[2..2 + len],
        gcm: &bytes[2 + len..],
    })
}

/// Opens a decoded value with one private key under the OAEP `label`.
pub fn open(
    key: &PrivateKey,
    label: &[u8],
    frame: Frame<'_>,
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    if frame.rsa.len() != key.bits().div_ceil(8) {
        return Err(CryptoError::Decrypt);
    }
    let session_key = key.oaep_decrypt(label, frame.rsa)?;
    crypto::gcm_open(key.backend(), &session_key, frame.gcm)
}

/// [`open`] under any of `labels`: the position of the label that opened
/// it, and the plaintext. See [`PrivateKey::oaep_decrypt_any`] for what it
/// costs.
pub fn open_any(
    key: &PrivateKey,
    labels: &[&[u8]],
    frame: Frame<'_>,
) -> Result<(usize, Zeroizing<Vec<u8>>), CryptoError> {
    if frame.rsa.len() != key.bits().div_ceil(8) {
        return Err(CryptoError::Decrypt);
    }
    let (n, session_key) = key.oaep_decrypt_any(labels, frame.rsa)?;
    Ok((n, crypto::gcm_open(key.backend(), &session_key, frame.gcm)?))
}

/// The RSA block length of an encoded value, without decoding all of it:
/// tells which key size sealed it.
pub fn rsa_block_len(text: &str) -> Option<usize> {
    let head = text.get(..4)?;
    let bytes = STANDARD.decode(head).ok()?;
    // "AA==" decodes to one byte only.
    let [a, b, ..] = bytes[..] else {
        return None;
    };
    Some(usize::from(u16::from_be_bytes([a, b])))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::crypto::{Backend, PrivateKey};
    use crate::core::scope::Scope;
    use proptest::prelude::*;
    use rand_core::SeedableRng;
    use std::sync::OnceLock;

    const SMALL_KEY: &str = include_str!("../../tests/fixtures/conformance/keys/small/tls.key");

    fn keys(backend: Backend) -> (PublicKey, PrivateKey) {
        let pem = pem::parse(SMALL_KEY).unwrap();
        let private = PrivateKey::from_pkcs1_der(pem.contents(), backend).unwrap();
        let public =
            PublicKey::from_spki_der(&private.public_spki_der().unwrap(), backend).unwrap();
        (public, private)
    }

    fn all_keys() -> &'static Vec<(PublicKey, PrivateKey)> {
        static KEYS: OnceLock<Vec<(PublicKey, PrivateKey)>> = OnceLock::new();
        KEYS.get_or_init(|| Backend::all().into_iter().map(keys).collect())
    }

    fn open_text(key: &PrivateKey, label: &[u8], text: &str) -> Result<Vec<u8>, CryptoError> {
        let bytes = decode(text).map_err(|_| CryptoError::Decrypt)?;
        open(key, label, frame(&bytes).unwrap()).map(|p| p.to_vec())
    }

    fn scope_strategy() -> impl Strategy<Value = Scope> {
        prop_oneof![
            Just(Scope::Strict),
            Just(Scope::NamespaceWide),
            Just(Scope::ClusterWide)
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn seal_then_open_round_trips_in_every_scope(
            name in "[a-z0-9][a-z0-9.-]{0,40}",
            namespace in "[a-z0-9-]{1,30}",
            scope in scope_strategy(),
            plaintext in proptest::collection::vec(any::<u8>(), 0..2048),
            seed in any::<u64>(),
        ) {
            let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
            let label = scope.label(&namespace, &name);
            for (public, _) in all_keys() {
                let sealed = seal(public, &label, &plaintext, &mut rng).unwrap();
                for (_, private) in all_keys() {
                    prop_assert_eq!(&open_text(private, &label, &sealed).unwrap(), &plaintext);
                }
            }
        }

        #[test]
        fn a_strict_value_does_not_open_under_another_identity(
            name in "[a-z]{1,10}",
            other in "[a-z]{1,10}",
            namespace in "[a-z]{1,10}",
        ) {
            // `other` replaces the name, then the namespace: it must differ from both.
            prop_assume!(name != other && namespace != other);
            let (public, private) = &all_keys()[0];
            let sealed = seal(public, &Scope::Strict.label(&namespace, &name), b"v", &mut crate::core::crypto::os_rng()).unwrap();
            prop_assert!(open_text(private, &Scope::Strict.label(&namespace, &other), &sealed).is_err());
            prop_assert!(open_text(private, &Scope::Strict.label(&other, &name), &sealed).is_err());
            prop_assert!(open_text(private, &Scope::NamespaceWide.label(&namespace, &name), &sealed).is_err());
            prop_assert!(open_text(private, &Scope::ClusterWide.label(&namespace, &name), &sealed).is_err());
        }

        #[test]
        fn decoding_arbitrary_text_never_panics(text in ".{0,300}") {
            let _ = decode(&text);
        }
    }

    #[test]
    fn the_frame_has_a_big_endian_length_and_the_gcm_tag() {
        let (public, _) = &all_keys()[0];
        let bytes = seal_bytes(public, b"", b"abc", &mut crate::core::crypto::os_rng()).unwrap();
        assert_eq!(
            &bytes[..2],
            &[0x01, 0x00],
            "2048-bit key: 256-byte RSA block"
        );
        assert_eq!(bytes.len(), 2 + 256 + 3 + GCM_TAG_LEN);
        assert_eq!(
            rsa_block_len(&seal(public, b"", b"", &mut crate::core::crypto::os_rng()).unwrap()),
            Some(256)
        );
    }

    #[test]
    fn a_seeded_rng_gives_the_same_session_key() {
        // The session key (and so the GCM part) comes from the injected RNG.
        let (public, _) = &all_keys()[0];
        let mut a = rand_chacha::ChaCha20Rng::seed_from_u64(7);
        let mut b = rand_chacha::ChaCha20Rng::seed_from_u64(7);
        let x = seal_bytes(public, b"l", b"same", &mut a).unwrap();
        let y = seal_bytes(public, b"l", b"same", &mut b).unwrap();
        assert_eq!(x[2 + 256..], y[2 + 256..]);
    }

    #[test]
    fn malformed_values_are_named() {
        assert_eq!(decode("***"), Err(WireError::Base64));
        assert_eq!(decode("AQA="), Err(WireError::TooShort(2)));
        assert!(matches!(decode("AAEAAA=="), Err(WireError::BadLength(1))));
    }
}
