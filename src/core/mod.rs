//! The core: the wire format, the crypto backends, scopes, certificates,
//! key pairs and key rings, the Secret and SealedSecret documents, sealing
//! and opening. Nothing here knows the
//! command line, the cluster, an async runtime or HTTP.

pub mod certificate;
pub mod crypto;
pub mod keypair;
pub mod keyring;
pub mod manifest;
pub mod names;
pub mod opening;
pub mod scope;
pub mod sealing;
pub mod value_dates;
pub mod wire;
