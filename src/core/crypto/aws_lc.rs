//! The AWS-LC backend (aws-lc-rs).

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{
    KeyPair, KeySize, OAEP_SHA256_MGF1SHA256, OaepPrivateDecryptingKey, OaepPublicEncryptingKey,
    PrivateDecryptingKey, PublicEncryptingKey,
};
use zeroize::Zeroizing;

use super::{CryptoError, GCM_TAG_LEN, SESSION_KEY_LEN, der_tlv};

pub(super) struct PublicKey(OaepPublicEncryptingKey);

impl PublicKey {
    pub(super) fn from_spki_der(der: &[u8]) -> Result<Self, CryptoError> {
        let key = PublicEncryptingKey::from_der(der).map_err(|_| CryptoError::BadKey)?;
        Ok(PublicKey(
            OaepPublicEncryptingKey::new(key).map_err(|_| CryptoError::BadKey)?,
        ))
    }

    pub(super) fn bits(&self) -> usize {
        self.0.key_size_bits()
    }

    pub(super) fn oaep_encrypt(
        &self,
        label: &[u8],
        message: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        let mut out = vec![0u8; self.0.ciphertext_size()];
        let len = self
            .0
            .encrypt(&OAEP_SHA256_MGF1SHA256, message, &mut out, Some(label))
            .map_err(|_| CryptoError::Encrypt)?
            .len();
        out.truncate(len);
        Ok(out)
    }
}

pub(super) struct PrivateKey(OaepPrivateDecryptingKey, Vec<u8>);

impl PrivateKey {
    pub(super) fn from_pkcs8_der(der: &[u8]) -> Result<Self, CryptoError> {
        let key = PrivateDecryptingKey::from_pkcs8(der).map_err(|_| CryptoError::BadKey)?;
        let spki = key
            .public_key()
            .as_der()
            .map_err(|_| CryptoError::BadKey)?
            .as_ref()
            .to_vec();
        let oaep = OaepPrivateDecryptingKey::new(key).map_err(|_| CryptoError::BadKey)?;
        Ok(PrivateKey(oaep, spki))
    }

    pub(super) fn from_pkcs1_der(der: &[u8]) -> Result<Self, CryptoError> {
        // AWS-LC reads PKCS#1 through its RSA key pair type; re-encode as PKCS#8.
        let pair = KeyPair::from_der(der).map_err(|_| CryptoError::BadKey)?;
        let pkcs8 = pair.as_der().map_err(|_| CryptoError::BadKey)?;
        let pkcs8 = Zeroizing::new(pkcs8.as_ref().to_vec());
        Self::from_pkcs8_der(&pkcs8)
    }

    pub(super) fn bits(&self) -> usize {
        self.0.key_size_bits()
    }

    pub(super) fn public_spki_der(&self) -> Result<Vec<u8>, CryptoError> {
        Ok(self.1.clone())
    }

    pub(super) fn oaep_decrypt(
        &self,
        label: &[u8],
        ciphertext: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        if ciphertext.len() != self.0.key_size_bytes() {
            return Err(CryptoError::Decrypt);
        }
        let mut out = Zeroizing::new(vec![0u8; self.0.key_size_bytes()]);
        let len = self
            .0
            .decrypt(&OAEP_SHA256_MGF1SHA256, ciphertext, &mut out, Some(label))
            .map_err(|_| CryptoError::Decrypt)?
            .len();
        out.truncate(len);
        Ok(out)
    }
}

fn gcm_key(key: &[u8]) -> Result<LessSafeKey, CryptoError> {
    let unbound = UnboundKey::new(&AES_256_GCM, key).map_err(|_| CryptoError::BadKey)?;
    Ok(LessSafeKey::new(unbound))
}

pub(super) fn gcm_seal_in_place(
    key: &[u8; SESSION_KEY_LEN],
    buffer: &mut [u8],
) -> Result<[u8; GCM_TAG_LEN], CryptoError> {
    let key = gcm_key(key)?;
    let tag = key
        .seal_in_place_separate_tag(
            Nonce::assume_unique_for_key([0u8; 12]),
            Aad::empty(),
            buffer,
        )
        .map_err(|_| CryptoError::Encrypt)?;
    tag.as_ref().try_into().map_err(|_| CryptoError::Encrypt)
}

pub(super) fn gcm_open(key: &[u8], sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let key = gcm_key(key)?;
    let mut buf = Zeroizing::new(sealed.to_vec());
    let len = key
        .open_in_place(
            Nonce::assume_unique_for_key([0u8; 12]),
            Aad::empty(),
            &mut buf,
        )
        .map_err(|_| CryptoError::Decrypt)?
        .len();
    buf.truncate(len);
    Ok(buf)
}

pub(super) fn generate_pkcs1(bits: usize) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let size = match bits {
        2048 => KeySize::Rsa2048,
        3072 => KeySize::Rsa3072,
        4096 => KeySize::Rsa4096,
        8192 => KeySize::Rsa8192,
        _ => return Err(CryptoError::Generate),
    };
    let pair = KeyPair::generate(size).map_err(|_| CryptoError::Generate)?;
    let pkcs8 = pair.as_der().map_err(|_| CryptoError::Generate)?;
    let pkcs8 = Zeroizing::new(pkcs8.as_ref().to_vec());
    // AWS-LC exports PKCS#8 only; the controller's tls.key is PKCS#1, which
    // PKCS#8 carries as the content of its privateKey OCTET STRING.
    pkcs8_inner_key(&pkcs8)
        .map(|inner| Zeroizing::new(inner.to_vec()))
        .ok_or(CryptoError::Generate)
}

pub(super) fn sign_pkcs1v15_sha256(
    pkcs1_der: &[u8],
    message: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let pair = KeyPair::from_der(pkcs1_der).map_err(|_| CryptoError::BadKey)?;
    let mut signature = vec![0u8; pair.public_modulus_len()];
    pair.sign(
        &aws_lc_rs::signature::RSA_PKCS1_SHA256,
        &aws_lc_rs::rand::SystemRandom::new(),
        message,
        &mut signature,
    )
    .map_err(|_| CryptoError::Sign)?;
    Ok(signature)
}

/// The `privateKey` OCTET STRING content of a DER PKCS#8 `PrivateKeyInfo`:
/// `SEQUENCE { INTEGER version, SEQUENCE algorithm, OCTET STRING privateKey, ... }`.
fn pkcs8_inner_key(der: &[u8]) -> Option<&[u8]> {
    let (tag, body, _) = der_tlv(der)?;
    if tag != 0x30 {
        return None;
    }
    let (tag, _, rest) = der_tlv(body)?;
    if tag != 0x02 {
        return None;
    }
    let (tag, _, rest) = der_tlv(rest)?;
    if tag != 0x30 {
        return None;
    }
    let (tag, key, _) = der_tlv(rest)?;
    (tag == 0x04).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_reader_takes_short_and_long_lengths() {
        assert_eq!(
            der_tlv(&[0x04, 0x02, 1, 2, 9]),
            Some((0x04, &[1u8, 2][..], &[9u8][..]))
        );
        let mut long = vec![0x04, 0x82, 0x01, 0x00];
        long.extend(std::iter::repeat_n(7u8, 256));
        let (tag, value, rest) = der_tlv(&long).unwrap();
        assert_eq!((tag, value.len(), rest.len()), (0x04, 256, 0));
        assert_eq!(der_tlv(&[0x04, 0x05, 1]), None, "truncated");
    }
}
