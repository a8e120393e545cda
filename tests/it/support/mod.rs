//! Test helpers shared by the integration tests: `crate::support::...`.
//!
//! - `fake_apiserver`: a fake Kubernetes API server + sealed-secrets controller.
//! - `kubeconfig`: kubeconfig files pointing at it.
#![allow(dead_code)]

pub mod fake_apiserver;
pub mod kubeconfig;
