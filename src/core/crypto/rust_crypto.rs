//! The pure-Rust backend (RustCrypto `rsa` and `aes-gcm`).

use aes_gcm::aead::{Aead, AeadInOut, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePublicKey};
use rsa::signature::RandomizedSigner;
use rsa::traits::PublicKeyParts;
use rsa::{Oaep, sha2::Sha256};
use zeroize::Zeroizing;

use super::{CryptoError, GCM_TAG_LEN, Rng, SESSION_KEY_LEN};

pub(super) struct PublicKey(rsa::PublicKey);

impl PublicKey {
    pub(super) fn from_spki_der(der: &[u8]) -> Result<Self, CryptoError> {
        rsa::PublicKey::from_public_key_der(der)
            .map(PublicKey)
            .map_err(|_| CryptoError::BadKey)
    }

    pub(super) fn bits(&self) -> usize {
        self.0.n().bit_width() as usize
    }

    pub(super) fn oaep_encrypt(
        &self,
        label: &[u8],
        message: &[u8],
        rng: &mut dyn Rng,
    ) -> Result<Vec<u8>, CryptoError> {
        let padding = Oaep::<Sha256>::new_with_label(label);
        self.0
            .encrypt(rng, padding, message)
            .map_err(|_| CryptoError::Encrypt)
    }
}

pub(super) struct PrivateKey(rsa::PrivateKey);

impl PrivateKey {
    pub(super) fn from_pkcs8_der(der: &[u8]) -> Result<Self, CryptoError> {
        rsa::PrivateKey::from_pkcs8_der(der)
            .map(PrivateKey)
            .map_err(|_| CryptoError::BadKey)
    }

    pub(super) fn from_pkcs1_der(der: &[u8]) -> Result<Self, CryptoError> {
        rsa::PrivateKey::from_pkcs1_der(der)
            .map(PrivateKey)
            .map_err(|_| CryptoError::BadKey)
    }

    pub(super) fn bits(&self) -> usize {
        self.0.n().bit_width() as usize
    }

    pub(super) fn public_spki_der(&self) -> Result<Vec<u8>, CryptoError> {
        let public = self.0.to_public_key();
        let der = public
            .to_public_key_der()
            .map_err(|_| CryptoError::BadKey)?;
        Ok(der.as_bytes().to_vec())
    }

    pub(super) fn oaep_decrypt(
        &self,
        label: &[u8],
        ciphertext: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let padding = Oaep::<Sha256>::new_with_label(label);
        // Blinded decryption keeps the private-key operation's timing
        // independent of the ciphertext.
        let mut rng = super::os_rng();
        self.0
            .decrypt_blinded(&mut rng, padding, ciphertext)
            .map(Zeroizing::new)
            .map_err(|_| CryptoError::Decrypt)
    }

    /// One blinded private-key operation, then the OAEP decoding of
    /// RFC 8017 section 7.1.2 with each label in turn: unmasking does not
    /// depend on the label, only the comparison of the label hash does.
    /// Which label matched is not secret (it names a scope); whether the
    /// block is well formed is computed without branches on its bytes.
    pub(super) fn oaep_decrypt_any(
        &self,
        labels: &[&[u8]],
        ciphertext: &[u8],
    ) -> Result<(usize, Zeroizing<Vec<u8>>), CryptoError> {
        use rsa::sha2::Digest;
        use subtle::{ConditionallySelectable, ConstantTimeEq};
        const H: usize = 32;
        let key = &self.0;
        let k = key.size();
        if ciphertext.len() != k || k < 2 * H + 2 || labels.is_empty() {
            return Err(CryptoError::Decrypt);
        }
        let c = rsa::BoxedUint::from_be_slice(ciphertext, key.n_bits_precision())
            .map_err(|_| CryptoError::Decrypt)?;
        if c >= *key.n().as_ref() {
            return Err(CryptoError::Decrypt);
        }
        let mut rng = super::os_rng();
        let m = Zeroizing::new(
            rsa::hazmat::rsa_decrypt_and_check(key, Some(&mut rng), &c)
                .map_err(|_| CryptoError::Decrypt)?,
        );
        let bytes = Zeroizing::new(m.to_be_bytes().into_vec());
        let mut em = Zeroizing::new(vec![0u8; k]);
        // The integer's storage may be wider than k bytes; its value is not.
        let skip = bytes.len().saturating_sub(k);
        let take = bytes.len() - skip;
        em[k - take..].copy_from_slice(&bytes[skip..]);
        let (y, rest) = em.split_first_mut().ok_or(CryptoError::Decrypt)?;
        let (seed, db) = rest.split_at_mut(H);
        mgf1_xor(seed, db);
        mgf1_xor(db, seed);
        // DB = lHash' || PS (zeros) || 0x01 || M.
        let mut good = y.ct_eq(&0);
        let mut looking = subtle::Choice::from(1);
        let mut index = 0u32;
        for (i, b) in db.iter().enumerate().skip(H) {
            let is_one = b.ct_eq(&1);
            let is_zero = b.ct_eq(&0);
            index.conditional_assign(&(i as u32 + 1), looking & is_one);
            // A byte other than 0 before the 0x01 spoils the block.
            good &= !looking | is_zero | is_one;
            looking &= !is_one;
        }
        good &= !looking;
        let index = index as usize;
        for (n, label) in labels.iter().enumerate() {
            let hash = Sha256::digest(label);
            if bool::from(good & db[..H].ct_eq(hash.as_slice())) {
                return Ok((n, Zeroizing::new(db[index..].to_vec())));
            }
        }
        Err(CryptoError::Decrypt)
    }
}

/// MGF1 with SHA-256: `out ^= MGF1(seed, out.len())`.
fn mgf1_xor(out: &mut [u8], seed: &[u8]) {
    use rsa::sha2::Digest;
    for (counter, chunk) in out.chunks_mut(32).enumerate() {
        let mut h = Sha256::new();
        h.update(seed);
        h.update((counter as u32).to_be_bytes());
        for (o, m) in chunk.iter_mut().zip(h.finalize()) {
            *o ^= m;
        }
    }
}

pub(super) fn gcm_seal_in_place(
    key: &[u8; SESSION_KEY_LEN],
    buffer: &mut [u8],
) -> Result<[u8; GCM_TAG_LEN], CryptoError> {
    let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| CryptoError::BadKey)?;
    let tag = cipher
        .encrypt_inout_detached(&Nonce::default(), &[], buffer.into())
        .map_err(|_| CryptoError::Encrypt)?;
    Ok(tag.into())
}

pub(super) fn gcm_open(key: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| CryptoError::BadKey)?;
    cipher
        .decrypt(&Nonce::default(), sealed)
        .map(Zeroizing::new)
        .map_err(|_| CryptoError::Decrypt)
}

pub(super) fn generate_pkcs1(bits: usize) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let mut rng = super::os_rng();
    let key = rsa::PrivateKey::new(&mut rng, bits).map_err(|_| CryptoError::Generate)?;
    let der = key.to_pkcs1_der().map_err(|_| CryptoError::Generate)?;
    Ok(Zeroizing::new(der.as_bytes().to_vec()))
}

pub(super) fn sign_pkcs1v15_sha256(
    pkcs1_der: &[u8],
    message: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let key = rsa::PrivateKey::from_pkcs1_der(pkcs1_der).map_err(|_| CryptoError::BadKey)?;
    let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new(key);
    let mut rng = super::os_rng();
    let signature = signer
        .try_sign_with_rng(&mut rng, message)
        .map_err(|_| CryptoError::Sign)?;
    Ok(Box::<[u8]>::from(signature).into_vec())
}
