//! Hints that more than one command gives, in one place, so that the same
//! problem is answered the same way wherever it is found.

/// A Secret over the API server's size limit.
pub const SECRET_TOO_LARGE: &str =
    "a Kubernetes Secret holds at most 1 MiB; split the values into several Secrets";

/// An encrypted value that was damaged.
pub const DAMAGED_VALUE: &str =
    "the file was damaged or hand-edited; reseal the item from its plaintext";

/// A plaintext Secret in a repository.
pub const SEAL_PLAINTEXT: &str = "seal it with `sealant seal -i FILE` and commit only the SealedSecret; rotate the values if it was ever pushed";

/// A SealedSecret sealed for another certificate than the cluster's.
pub const RESEAL_FOR_CURRENT: &str =
    "reseal it for the cluster's current certificate (`sealant reseal`, or seal the Secret again)";

/// A damaged sealant record (an annotation sealant writes).
pub const BAD_RECORD: &str = "remove it or seal the Secret again";

/// A file in UTF-16 or another encoding.
pub const REENCODE_UTF8: &str =
    "re-encode it as UTF-8, e.g. `Out-File -Encoding utf8` or `iconv -f UTF-16 -t UTF-8`";

/// No key Secrets where the controller's keys were looked for.
pub const CONTROLLER_NAMESPACE: &str =
    "check --controller-namespace: the controller keeps its keys in its own namespace";

/// A namespace that is not a DNS label.
pub const NAMESPACE_LABEL: &str = "namespaces are DNS labels, e.g. payments or team-a";
