//! Randomness: the OS generator in production, any seeded generator in tests.

/// A cryptographically secure random generator that cannot fail.
///
/// Every `rand_core` `CryptoRng` qualifies, so tests can inject a seeded
/// ChaCha generator and get reproducible session keys.
pub trait Rng: rand_core::CryptoRng {}

impl<R: rand_core::CryptoRng + ?Sized> Rng for R {}

/// The operating system's generator (getrandom). Panics only if the OS
/// cannot provide randomness at all, which no caller could recover from.
pub type OsRng = rand_core::UnwrapErr<getrandom::SysRng>;

/// A new handle on the OS generator.
pub fn os_rng() -> OsRng {
    rand_core::UnwrapErr(getrandom::SysRng)
}
