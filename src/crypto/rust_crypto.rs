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
