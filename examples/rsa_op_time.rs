//! Measures one RSA-OAEP (SHA-256) operation on one core, as sealant does it:
//! wrapping a 32-byte session key under a scope label (public key, one per
//! item sealed) and unwrapping it (private key, one per item opened).
//!
//! `bench/run.py` runs it to get the machine's RSA limit in the same run as
//! the whole-process benchmarks. Prints one JSON object per line:
//!
//! ```text
//! cargo run --release --example rsa_op_time -- [--bits 2048|4096|all] [--backend NAME|all] [--op public|private|both] [--ms N]
//! {"backend":"aws-lc-rs","bits":4096,"public_ns":74012,"public_ops":5436,"private_ns":1712345,"private_ops":236}
//! ```
//!
//! Each `_ns` figure is the median wall time of one operation over several
//! timed batches of `--ms` milliseconds in all (400 by default), after a
//! warm-up, so a neighbour process that steals the core for a moment moves
//! it little. `_ops` counts every operation run, warm-up included: with one
//! `--op`, the process's CPU time divided by it is the CPU time of one
//! operation (how `bench/run.py` uses it).

use std::time::{Duration, Instant};

use sealant::internals::core::crypto::{Backend, PrivateKey, PublicKey, os_rng};

const KEY_2048: &str = include_str!("../tests/fixtures/conformance/keys/small/tls.key");
const KEY_4096: &str = include_str!("../tests/fixtures/conformance/keys/new/tls.key");
const BATCHES: usize = 7;

fn main() {
    let mut bits = vec![4096];
    let mut backends = vec![Backend::default()];
    let mut budget = Duration::from_millis(400);
    let (mut public_op, mut private_op) = (true, true);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{arg} needs a value")))
        };
        match arg.as_str() {
            "--bits" => {
                bits = match value().as_str() {
                    "2048" => vec![2048],
                    "4096" => vec![4096],
                    "all" => vec![2048, 4096],
                    other => usage(&format!("no test key of {other} bits")),
                }
            }
            "--backend" => {
                let name = value();
                backends = Backend::all()
                    .into_iter()
                    .filter(|b| name == "all" || b.name() == name)
                    .collect();
                if backends.is_empty() {
                    usage(&format!("backend {name} is not compiled in"));
                }
            }
            "--op" => {
                (public_op, private_op) = match value().as_str() {
                    "public" => (true, false),
                    "private" => (false, true),
                    "both" => (true, true),
                    other => usage(&format!("--op is public, private or both, not {other}")),
                }
            }
            "--ms" => {
                let ms = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--ms needs a number"));
                budget = Duration::from_millis(ms);
            }
            other => usage(&format!("unknown argument {other}")),
        }
    }
    for backend in backends {
        for &size in &bits {
            let (public, private) = keys(size, backend);
            let label = b"bench-namespace/bench-name";
            let message = [7u8; 32];
            let mut rng = os_rng();
            let sample = public
                .oaep_encrypt(label, &message, &mut rng)
                .expect("encrypt");
            let mut line = format!("{{\"backend\":\"{}\",\"bits\":{size}", backend.name());
            if public_op {
                let (ns, ops) = time_op(budget, || {
                    public
                        .oaep_encrypt(label, &message, &mut rng)
                        .expect("encrypt");
                });
                line += &format!(",\"public_ns\":{ns},\"public_ops\":{ops}");
            }
            if private_op {
                let (ns, ops) = time_op(budget, || {
                    private.oaep_decrypt(label, &sample).expect("decrypt");
                });
                line += &format!(",\"private_ns\":{ns},\"private_ops\":{ops}");
            }
            println!("{line}}}");
        }
    }
}

fn usage(message: &str) -> ! {
    eprintln!("rsa_op_time: {message}");
    eprintln!(
        "usage: rsa_op_time [--bits 2048|4096|all] [--backend NAME|all] [--op public|private|both] [--ms N]"
    );
    std::process::exit(2);
}

fn keys(bits: usize, backend: Backend) -> (PublicKey, PrivateKey) {
    let text = if bits == 2048 { KEY_2048 } else { KEY_4096 };
    let der = pem::parse(text).expect("test key PEM");
    let private = PrivateKey::from_pkcs1_der(der.contents(), backend).expect("test key");
    let public = PublicKey::from_spki_der(&private.public_spki_der().expect("spki"), backend)
        .expect("public key");
    assert_eq!(public.bits(), bits);
    (public, private)
}

/// The median wall time of one call in nanoseconds, and how many calls ran.
fn time_op(budget: Duration, mut op: impl FnMut()) -> (u128, u64) {
    // Warm-up, and a first estimate to size the batches.
    let start = Instant::now();
    let mut warm = 0u32;
    while warm < 3 || start.elapsed() < budget / 10 {
        op();
        warm += 1;
    }
    let estimate = start.elapsed() / warm;
    let per_batch = budget / BATCHES as u32;
    let n = (per_batch.as_nanos() / estimate.as_nanos().max(1)).clamp(3, 1_000_000) as u32;
    let mut batches: Vec<u128> = (0..BATCHES)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..n {
                op();
            }
            t.elapsed().as_nanos() / u128::from(n)
        })
        .collect();
    batches.sort_unstable();
    let ops = u64::from(warm) + BATCHES as u64 * u64::from(n);
    (batches[BATCHES / 2], ops)
}
