//! `.sealant.yaml` rules: any UTF-8 text parsed as a rules file in a fixed
//! folder, then every lookup a command does with the result.
//! Errors are fine; panics, hangs and runaway memory are not.
#![no_main]
#![forbid(unsafe_code)]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use sealant::internals::repo::rules::Rules;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(rules) = Rules::parse(text, Path::new("/repo/.sealant.yaml")) else {
        return;
    };
    for file in ["/repo/apps/db/secret.yaml", "/repo/x.yaml", "/elsewhere/s.yaml"] {
        let path = Path::new(file);
        let _ = rules.relative(path);
        if let Some(rule) = rules.rule_for(path) {
            let _ = rule.describe(&rules);
            for cluster in rules.clusters_of(rule) {
                let _ = rules.cluster(&cluster.name);
            }
        }
    }
});
