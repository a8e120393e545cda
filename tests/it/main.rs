//! sealant's integration tests, one module per area, linked into one test
//! binary: every test binary links the whole dependency tree (kube, rustls,
//! both crypto backends), so one binary instead of sixteen keeps the build
//! fast and `target/` small.
//!
//! Shared helpers live in `common` (fixtures, the `sealant` command) and
//! `support` (a fake API server with the sealed-secrets controller behind
//! its service proxy, and kubeconfig files that point at it).

mod common;
mod support;

mod bad_input;
mod cli_cert_url;
mod cli_check;
#[cfg(feature = "cluster")]
mod cli_cluster;
#[cfg(feature = "cluster")]
mod cli_contexts;
mod cli_create;
mod cli_edit;
#[cfg(feature = "cluster")]
mod cli_keys;
mod cli_kubeseal;
mod cli_offline;
mod cli_policy;
mod cli_rules;
mod cli_seal;
mod cli_seal_streams;
#[cfg(feature = "cluster")]
mod cluster;
#[cfg(feature = "cluster")]
mod cluster_kubectl;
mod conformance;
mod diagnostics;
mod fail_closed;
mod faults;
mod files;
mod fuzz_regressions;
mod history;
mod hygiene;
mod kubectl_real;
mod kubeseal_compat;
mod layers;
mod limits;
mod rewrites;
#[cfg(not(feature = "cluster"))]
mod without_cluster;
