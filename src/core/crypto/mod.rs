//! The cryptographic primitives the wire format is built from: RSA-OAEP with
//! SHA-256 (and an OAEP label) and AES-256-GCM, from one of two backends.
//!
//! - `aws-lc` (default): AWS-LC through aws-lc-rs; constant-time and fast.
//! - `rust-crypto`: the pure-Rust `rsa` and `aes-gcm` crates, for targets
//!   without a C compiler.
//!
//! Both can be compiled in at once; [`Backend::default`] prefers AWS-LC.
//! Keys are parsed for one backend; the format itself lives in
//! [`crate::core::wire`].

#[cfg(not(any(feature = "aws-lc", feature = "rust-crypto")))]
compile_error!("sealant needs a crypto backend: enable the `aws-lc` or the `rust-crypto` feature");

#[cfg(feature = "aws-lc")]
mod aws_lc;
mod rng;
#[cfg(feature = "rust-crypto")]
mod rust_crypto;

pub use rng::{Rng, os_rng};

use zeroize::Zeroizing;

/// Length of an AES-256 session key.
pub const SESSION_KEY_LEN: usize = 32;

/// Length of the AES-GCM authentication tag.
pub const GCM_TAG_LEN: usize = 16;

/// A crypto implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// AWS-LC through aws-lc-rs.
    #[cfg(feature = "aws-lc")]
    AwsLc,
    /// The RustCrypto `rsa` and `aes-gcm` crates.
    #[cfg(feature = "rust-crypto")]
    RustCrypto,
}

impl Backend {
    /// Every backend compiled into this build.
    pub fn all() -> Vec<Backend> {
        vec![
            #[cfg(feature = "aws-lc")]
            Backend::AwsLc,
            #[cfg(feature = "rust-crypto")]
            Backend::RustCrypto,
        ]
    }

    /// The backend's name, as shown by `sealant --version`.
    pub fn name(self) -> &'static str {
        match self {
            #[cfg(feature = "aws-lc")]
            Backend::AwsLc => "aws-lc-rs",
            #[cfg(feature = "rust-crypto")]
            Backend::RustCrypto => "rust-crypto",
        }
    }
}

impl Default for Backend {
    fn default() -> Self {
        #[cfg(feature = "aws-lc")]
        return Backend::AwsLc;
        #[cfg(not(feature = "aws-lc"))]
        return Backend::RustCrypto;
    }
}

/// A primitive failed. Deliberately without detail: a decryption failure
/// must not say why (padding oracle).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// The key could not be parsed or is not an RSA key.
    #[error("not a usable RSA key")]
    BadKey,
    /// Encryption failed (for example, the plaintext is too long for OAEP).
    #[error("encryption failed")]
    Encrypt,
    /// Decryption or authentication failed.
    #[error("decryption failed")]
    Decrypt,
    /// Key generation failed, or the size is not one the backend makes.
    #[error("key generation failed")]
    Generate,
    /// Signing failed.
    #[error("signing failed")]
    Sign,
}

/// An RSA public key, parsed for one backend.
#[derive(Clone)]
pub struct PublicKey {
    bits: usize,
    inner: PublicInner,
}

#[derive(Clone)]
enum PublicInner {
    #[cfg(feature = "aws-lc")]
    AwsLc(std::sync::Arc<aws_lc::PublicKey>),
    #[cfg(feature = "rust-crypto")]
    RustCrypto(std::sync::Arc<rust_crypto::PublicKey>),
}

impl PublicKey {
    /// Parses a DER `SubjectPublicKeyInfo` holding an RSA key.
    pub fn from_spki_der(der: &[u8], backend: Backend) -> Result<Self, CryptoError> {
        match backend {
            #[cfg(feature = "aws-lc")]
            Backend::AwsLc => {
                let key = aws_lc::PublicKey::from_spki_der(der)?;
                Ok(PublicKey {
                    bits: key.bits(),
                    inner: PublicInner::AwsLc(key.into()),
                })
            }
            #[cfg(feature = "rust-crypto")]
            Backend::RustCrypto => {
                let key = rust_crypto::PublicKey::from_spki_der(der)?;
                Ok(PublicKey {
                    bits: key.bits(),
                    inner: PublicInner::RustCrypto(key.into()),
                })
            }
        }
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// The size of an RSA ciphertext for this key, in bytes.
    pub fn ciphertext_len(&self) -> usize {
        self.bits.div_ceil(8)
    }

    /// RSA-OAEP (SHA-256, MGF1 SHA-256) encryption of a short message with an OAEP label.
    pub fn oaep_encrypt(
        &self,
        label: &[u8],
        message: &[u8],
        rng: &mut dyn Rng,
    ) -> Result<Vec<u8>, CryptoError> {
        match &self.inner {
            #[cfg(feature = "aws-lc")]
            PublicInner::AwsLc(k) => {
                let _ = rng; // AWS-LC draws the OAEP seed from its own DRBG.
                k.oaep_encrypt(label, message)
            }
            #[cfg(feature = "rust-crypto")]
            PublicInner::RustCrypto(k) => k.oaep_encrypt(label, message, rng),
        }
    }
}

/// An RSA private key, parsed for one backend.
#[derive(Clone)]
pub struct PrivateKey {
    bits: usize,
    /// The public modulus, big-endian, without leading zeros: lets a
    /// ciphertext that cannot be this key's be told apart without any
    /// private-key work.
    modulus: std::sync::Arc<[u8]>,
    inner: PrivateInner,
}

#[derive(Clone)]
enum PrivateInner {
    #[cfg(feature = "aws-lc")]
    AwsLc(std::sync::Arc<aws_lc::PrivateKey>),
    #[cfg(feature = "rust-crypto")]
    RustCrypto(std::sync::Arc<rust_crypto::PrivateKey>),
}

impl PrivateKey {
    /// Parses a DER PKCS#1 `RSAPrivateKey`.
    pub fn from_pkcs1_der(der: &[u8], backend: Backend) -> Result<Self, CryptoError> {
        match backend {
            #[cfg(feature = "aws-lc")]
            Backend::AwsLc => Self::aws(aws_lc::PrivateKey::from_pkcs1_der(der)?),
            #[cfg(feature = "rust-crypto")]
            Backend::RustCrypto => Self::rc(rust_crypto::PrivateKey::from_pkcs1_der(der)?),
        }
    }

    /// Parses a DER PKCS#8 `PrivateKeyInfo` holding an RSA key.
    pub fn from_pkcs8_der(der: &[u8], backend: Backend) -> Result<Self, CryptoError> {
        match backend {
            #[cfg(feature = "aws-lc")]
            Backend::AwsLc => Self::aws(aws_lc::PrivateKey::from_pkcs8_der(der)?),
            #[cfg(feature = "rust-crypto")]
            Backend::RustCrypto => Self::rc(rust_crypto::PrivateKey::from_pkcs8_der(der)?),
        }
    }

    #[cfg(feature = "aws-lc")]
    fn aws(key: aws_lc::PrivateKey) -> Result<Self, CryptoError> {
        let modulus = spki_rsa_modulus(&key.public_spki_der()?).ok_or(CryptoError::BadKey)?;
        Ok(PrivateKey {
            bits: key.bits(),
            modulus: modulus.into(),
            inner: PrivateInner::AwsLc(key.into()),
        })
    }

    #[cfg(feature = "rust-crypto")]
    fn rc(key: rust_crypto::PrivateKey) -> Result<Self, CryptoError> {
        let modulus = spki_rsa_modulus(&key.public_spki_der()?).ok_or(CryptoError::BadKey)?;
        Ok(PrivateKey {
            bits: key.bits(),
            modulus: modulus.into(),
            inner: PrivateInner::RustCrypto(key.into()),
        })
    }

    /// The public modulus, big-endian, without leading zeros.
    pub fn modulus(&self) -> &[u8] {
        &self.modulus
    }

    /// Whether `ciphertext` can be an RSA block for this key at all: as long
    /// as the modulus, and as an integer below it. A `false` is certain and
    /// costs no private-key operation; a `true` says nothing more.
    pub fn may_open(&self, ciphertext: &[u8]) -> bool {
        let m = &self.modulus[..];
        if ciphertext.len() != self.bits.div_ceil(8) || ciphertext.len() < m.len() {
            return false;
        }
        let (zeros, tail) = ciphertext.split_at(ciphertext.len() - m.len());
        zeros.iter().all(|b| *b == 0) && tail < m
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// The DER `SubjectPublicKeyInfo` of the matching public key.
    pub fn public_spki_der(&self) -> Result<Vec<u8>, CryptoError> {
        match &self.inner {
            #[cfg(feature = "aws-lc")]
            PrivateInner::AwsLc(k) => k.public_spki_der(),
            #[cfg(feature = "rust-crypto")]
            PrivateInner::RustCrypto(k) => k.public_spki_der(),
        }
    }

    /// RSA-OAEP (SHA-256, MGF1 SHA-256) decryption with an OAEP label.
    pub fn oaep_decrypt(
        &self,
        label: &[u8],
        ciphertext: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        match &self.inner {
            #[cfg(feature = "aws-lc")]
            PrivateInner::AwsLc(k) => k.oaep_decrypt(label, ciphertext),
            #[cfg(feature = "rust-crypto")]
            PrivateInner::RustCrypto(k) => k.oaep_decrypt(label, ciphertext),
        }
    }

    /// RSA-OAEP decryption that accepts any of several labels: returns the
    /// position of the label that matched and the message.
    ///
    /// The rust-crypto backend runs the private-key operation once and then
    /// checks each label against the decoded block. aws-lc-rs offers no
    /// private-key operation without its own padding check (its raw RSA is
    /// reachable only through `unsafe` FFI, which sealant forbids), so the
    /// AWS-LC backend runs one OAEP decryption per label.
    /// [`PrivateKey::labels_per_operation`] says which, for cost accounting.
    pub fn oaep_decrypt_any(
        &self,
        labels: &[&[u8]],
        ciphertext: &[u8],
    ) -> Result<(usize, Zeroizing<Vec<u8>>), CryptoError> {
        match &self.inner {
            #[cfg(feature = "aws-lc")]
            PrivateInner::AwsLc(k) => labels
                .iter()
                .enumerate()
                .find_map(|(i, label)| k.oaep_decrypt(label, ciphertext).ok().map(|m| (i, m)))
                .ok_or(CryptoError::Decrypt),
            #[cfg(feature = "rust-crypto")]
            PrivateInner::RustCrypto(k) => k.oaep_decrypt_any(labels, ciphertext),
        }
    }

    /// How many private-key operations [`PrivateKey::oaep_decrypt_any`]
    /// runs for `labels` labels that all fail.
    pub fn operations_for_labels(&self, labels: usize) -> usize {
        match &self.inner {
            #[cfg(feature = "aws-lc")]
            PrivateInner::AwsLc(_) => labels,
            #[cfg(feature = "rust-crypto")]
            PrivateInner::RustCrypto(_) => usize::from(labels > 0),
        }
    }
}

/// The modulus of an RSA `SubjectPublicKeyInfo` (DER), big-endian, without
/// leading zeros: `SEQUENCE { SEQUENCE algorithm, BIT STRING { SEQUENCE {
/// INTEGER n, INTEGER e } } }`.
pub(crate) fn spki_rsa_modulus(der: &[u8]) -> Option<Vec<u8>> {
    let (tag, body, _) = der_tlv(der)?;
    if tag != 0x30 {
        return None;
    }
    let (tag, _, rest) = der_tlv(body)?;
    if tag != 0x30 {
        return None;
    }
    let (tag, bits, _) = der_tlv(rest)?;
    let (&unused, key) = bits.split_first()?;
    if tag != 0x03 || unused != 0 {
        return None;
    }
    let (tag, key, _) = der_tlv(key)?;
    if tag != 0x30 {
        return None;
    }
    let (tag, n, _) = der_tlv(key)?;
    if tag != 0x02 {
        return None;
    }
    let start = n.iter().position(|b| *b != 0)?;
    Some(n[start..].to_vec())
}

/// One DER tag-length-value: the tag, the value, and what follows it.
pub(crate) fn der_tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, mut rest) = rest.split_first()?;
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let (bytes, after) = rest.split_at(count);
        rest = after;
        bytes.iter().fold(0usize, |n, b| (n << 8) | usize::from(*b))
    };
    if rest.len() < len {
        return None;
    }
    let (value, after) = rest.split_at(len);
    Some((tag, value, after))
}

/// AES-256-GCM with the all-zero nonce and no associated data, in place:
/// `buffer` holds the plaintext and is encrypted where it is; the tag is
/// returned. Safe only because every key seals exactly one message. On
/// failure the buffer is wiped.
pub fn gcm_seal_in_place(
    backend: Backend,
    key: &[u8; SESSION_KEY_LEN],
    buffer: &mut [u8],
) -> Result<[u8; GCM_TAG_LEN], CryptoError> {
    let sealed = match backend {
        #[cfg(feature = "aws-lc")]
        Backend::AwsLc => aws_lc::gcm_seal_in_place(key, buffer),
        #[cfg(feature = "rust-crypto")]
        Backend::RustCrypto => rust_crypto::gcm_seal_in_place(key, buffer),
    };
    if sealed.is_err() {
        zeroize::Zeroize::zeroize(buffer);
    }
    sealed
}

/// Opens what [`gcm_seal_in_place`] sealed (the tag appended); fails when the tag does not verify.
pub fn gcm_open(
    backend: Backend,
    key: &[u8],
    sealed: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    if key.len() != SESSION_KEY_LEN || sealed.len() < GCM_TAG_LEN {
        return Err(CryptoError::Decrypt);
    }
    match backend {
        #[cfg(feature = "aws-lc")]
        Backend::AwsLc => aws_lc::gcm_open(key, sealed),
        #[cfg(feature = "rust-crypto")]
        Backend::RustCrypto => rust_crypto::gcm_open(key, sealed),
    }
}

/// The RSA key sizes [`generate_rsa_pkcs1`] makes.
pub const KEY_SIZES: [usize; 4] = [2048, 3072, 4096, 8192];

/// Generates an RSA key pair (public exponent 65537) and returns the
/// private key as DER PKCS#1 `RSAPrivateKey`, the form the controller
/// stores in `tls.key`. `bits` must be one of [`KEY_SIZES`].
pub fn generate_rsa_pkcs1(
    bits: usize,
    backend: Backend,
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    if !KEY_SIZES.contains(&bits) {
        return Err(CryptoError::Generate);
    }
    match backend {
        #[cfg(feature = "aws-lc")]
        Backend::AwsLc => aws_lc::generate_pkcs1(bits),
        #[cfg(feature = "rust-crypto")]
        Backend::RustCrypto => rust_crypto::generate_pkcs1(bits),
    }
}

/// RSASSA-PKCS1-v1_5 with SHA-256 over `message`, with a DER PKCS#1
/// private key: what a self-signed `sha256WithRSAEncryption` certificate needs.
pub fn sign_pkcs1v15_sha256(
    pkcs1_der: &[u8],
    message: &[u8],
    backend: Backend,
) -> Result<Vec<u8>, CryptoError> {
    match backend {
        #[cfg(feature = "aws-lc")]
        Backend::AwsLc => aws_lc::sign_pkcs1v15_sha256(pkcs1_der, message),
        #[cfg(feature = "rust-crypto")]
        Backend::RustCrypto => rust_crypto::sign_pkcs1v15_sha256(pkcs1_der, message),
    }
}

impl PublicKey {
    /// The backend this key was parsed for.
    pub fn backend(&self) -> Backend {
        match &self.inner {
            #[cfg(feature = "aws-lc")]
            PublicInner::AwsLc(_) => Backend::AwsLc,
            #[cfg(feature = "rust-crypto")]
            PublicInner::RustCrypto(_) => Backend::RustCrypto,
        }
    }
}

impl PrivateKey {
    /// The backend this key was parsed for.
    pub fn backend(&self) -> Backend {
        match &self.inner {
            #[cfg(feature = "aws-lc")]
            PrivateInner::AwsLc(_) => Backend::AwsLc,
            #[cfg(feature = "rust-crypto")]
            PrivateInner::RustCrypto(_) => Backend::RustCrypto,
        }
    }
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PublicKey(RSA-{}, {})", self.bits, self.backend().name())
    }
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "PrivateKey(RSA-{}, {}, redacted)",
            self.bits,
            self.backend().name()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures::fixture;

    fn keys(backend: Backend) -> (PublicKey, PrivateKey) {
        let pem = pem::parse(std::fs::read(fixture("keys/small/tls.key")).unwrap()).unwrap();
        let private = PrivateKey::from_pkcs1_der(pem.contents(), backend).unwrap();
        let public =
            PublicKey::from_spki_der(&private.public_spki_der().unwrap(), backend).unwrap();
        (public, private)
    }

    #[test]
    fn only_a_block_below_the_modulus_may_open() {
        for backend in Backend::all() {
            let (public, private) = keys(backend);
            let block = public
                .oaep_encrypt(b"ns/name", &[7; 32], &mut os_rng())
                .unwrap();
            assert!(private.may_open(&block));
            let n = private.modulus().to_vec();
            assert_eq!(n.len(), private.bits().div_ceil(8));
            assert!(!private.may_open(&n), "the modulus itself");
            assert!(!private.may_open(&vec![0xff; n.len()]));
            assert!(!private.may_open(&block[1..]), "too short");
            let mut longer = vec![0];
            longer.extend_from_slice(&block);
            assert!(!private.may_open(&longer), "too long");
            let mut below = n.clone();
            *below.last_mut().unwrap() -= 1;
            assert!(private.may_open(&below));
        }
    }

    #[test]
    fn any_of_several_labels_opens_and_names_the_label() {
        for backend in Backend::all() {
            let (public, private) = keys(backend);
            let block = public
                .oaep_encrypt(b"ns/name", &[7; 32], &mut os_rng())
                .unwrap();
            let labels: [&[u8]; 3] = [b"ns", b"", b"ns/name"];
            let (n, message) = private.oaep_decrypt_any(&labels, &block).unwrap();
            assert_eq!((n, message.as_slice()), (2, &[7u8; 32][..]), "{backend:?}");
            assert_eq!(
                private.oaep_decrypt_any(&labels[..2], &block).unwrap_err(),
                CryptoError::Decrypt
            );
            let empty = public.oaep_encrypt(b"", b"", &mut os_rng()).unwrap();
            let (n, message) = private.oaep_decrypt_any(&labels, &empty).unwrap();
            assert_eq!((n, message.len()), (1, 0));
            let mut bad = block.clone();
            bad[10] ^= 1;
            assert!(private.oaep_decrypt_any(&labels, &bad).is_err());
        }
    }
}
