//! Every size limit on what sealant reads and writes, in one place, as one
//! coherent set: whatever sealant writes (a sealed stream, an unsealed
//! Secret, a rendered `spec.template.data`) fits what it reads back. The
//! `const` assertions below check the relations between the limits when
//! sealant is compiled; the README's "Limits" table lists them.
//!
//! The readers are bounded by the input limits; the writers check their
//! output against the same limits before writing, so a run never writes
//! output that sealant itself would refuse.

/// The largest input sealant reads from one file or stream (a Kubernetes
/// object is at most about 1.5 MiB; this leaves room for big bundles). It is
/// also the largest stream sealant writes: a sealed or unsealed output that
/// would be larger is refused before anything is written.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// The largest output stream sealant writes: exactly what it reads back.
pub const MAX_OUTPUT_BYTES: u64 = MAX_INPUT_BYTES;

/// Most scalar text in one YAML document, in bytes (after aliases are
/// expanded).
pub const MAX_SCALAR_BYTES: usize = 32 * 1024 * 1024;

/// The largest single document sealant writes: its scalar text is at most
/// this long, so it reads back under [`MAX_SCALAR_BYTES`].
pub const MAX_OUTPUT_DOCUMENT_BYTES: usize = MAX_SCALAR_BYTES;

/// The most plaintext (decoded bytes) one Secret that sealant writes may
/// hold in all its values: `unseal`'s output, `spec.template.data` rendered
/// included. Its base64 (a third more) fits [`MAX_OUTPUT_DOCUMENT_BYTES`]
/// with room for keys and metadata. (The API server stores at most 1 MiB.)
pub const MAX_SECRET_DATA_BYTES: usize = 16 * 1024 * 1024;

/// Most values (mappings, sequences and scalars, after YAML aliases are
/// expanded) in one document.
pub const MAX_DOCUMENT_NODES: usize = 100_000;

/// Most values in one input, over all its documents: bounds the memory a
/// stream of many alias-expanding documents can take.
pub const MAX_TOTAL_NODES: usize = 2_000_000;

/// Most YAML aliases (`*name`) in one document. Kubernetes manifests rarely
/// use any; alias bombs use many.
pub const MAX_ALIASES: usize = 10_000;

/// Deepest nesting of collections (mappings and sequences) accepted in one
/// document. The root collection is level 1, so `spec.encryptedData` of a
/// manifest is level 3. (`serde_json::from_str` into a value stops at 128
/// levels by itself.)
pub const MAX_DEPTH: usize = 128;

/// Largest number of non-empty documents accepted in one stream.
pub const MAX_DOCUMENTS: usize = 100_000;

/// The largest certificate sealant accepts from a file, a URL or the
/// controller (a certificate is a few KiB).
pub const MAX_CERT_BYTES: u64 = 1024 * 1024;

/// A size in MiB for messages (`64 MiB`).
pub fn mib(bytes: u64) -> String {
    format!("{} MiB", bytes / (1024 * 1024))
}

/// The length of the base64 (with padding) of `n` bytes.
pub const fn base64_len(n: usize) -> usize {
    n.div_ceil(3) * 4
}

// The relations between the limits, checked when sealant is compiled.
// A stream it writes is read by the input limit.
const _: () = assert!(MAX_OUTPUT_BYTES <= MAX_INPUT_BYTES);
// A document it writes is read by the per-document scalar limit.
const _: () = assert!(MAX_OUTPUT_DOCUMENT_BYTES <= MAX_SCALAR_BYTES);
// One document fits in one stream; the scalar limit within the input limit.
const _: () = assert!(MAX_OUTPUT_DOCUMENT_BYTES as u64 <= MAX_OUTPUT_BYTES);
const _: () = assert!(MAX_SCALAR_BYTES as u64 <= MAX_INPUT_BYTES);
// An unsealed Secret of the largest data, base64-encoded, plus a megabyte
// of keys and metadata, is a document sealant writes.
const _: () = assert!(base64_len(MAX_SECRET_DATA_BYTES) + (1 << 20) <= MAX_OUTPUT_DOCUMENT_BYTES);
// Sealing that Secret again (every value gains at most 2 + 512 + 16 bytes:
// an RSA-4096 session key and the AES-GCM tag) stays within one document
// for up to 10,000 items.
const _: () = assert!(
    base64_len(MAX_SECRET_DATA_BYTES) + 10_000 * base64_len(530) <= MAX_OUTPUT_DOCUMENT_BYTES
);
const _: () = assert!(MAX_DOCUMENT_NODES <= MAX_TOTAL_NODES);
const _: () = assert!(MAX_ALIASES <= MAX_DOCUMENT_NODES);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_shown_and_counted() {
        assert_eq!(mib(MAX_INPUT_BYTES), "64 MiB");
        assert_eq!(base64_len(0), 0);
        assert_eq!(base64_len(4), 8);
        assert_eq!(
            base64_len(MAX_SECRET_DATA_BYTES) / 4 * 3,
            MAX_SECRET_DATA_BYTES + 2
        );
    }
}
