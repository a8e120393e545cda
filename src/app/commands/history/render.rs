//! The report of `audit --history`: text for people and JSON for scripts.

use super::*;

pub(super) fn to_text(
    items: &[ItemHistory],
    commits: &[CommitInfo],
    ring: &KeyRing,
    leaked: &[Leaked],
    leaked_keys: &BTreeSet<usize>,
    problems: &[String],
    exposed: usize,
) -> String {
    let mut out = String::from("Keys\n");
    let rows: Vec<Vec<String>> = ring
        .keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            vec![
                format!("#{}", i + 1),
                k.source.clone(),
                format!("sha256:{}", &fp_of(k)[..16]),
                if leaked_keys.contains(&i) {
                    "leaked".into()
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    out.push_str(&super::super::repo::table(
        &["KEY", "SOURCE", "FINGERPRINT", ""],
        &rows,
    ));
    out.push_str("\nItems\n");
    let mut rows = Vec::new();
    for h in items {
        let since = match (&h.problem, h.since) {
            (Some(p), _) => format!("({p})"),
            (None, Some(c)) => format!(
                "{}{} {}",
                if h.complete { "" } else { "<=" },
                date(commits[c].time),
                &commits[c].hash[..commits[c].hash.len().min(10)]
            ),
            (None, None) => "(not committed)".into(),
        };
        let keys: Vec<String> = h.value_keys.iter().map(|i| format!("#{}", i + 1)).collect();
        let all: Vec<String> = h.keys.iter().map(|(i, _)| format!("#{}", i + 1)).collect();
        let mut row = vec![
            format!("{}:{}", h.file, h.line),
            format!("{}/{}", h.namespace, h.name),
            h.item.clone(),
            since,
            keys.join(","),
            all.join(","),
        ];
        if !leaked.is_empty() {
            row.push(if h.exposures.is_empty() {
                "no".into()
            } else {
                "EXPOSED: give it a new value".into()
            });
        }
        rows.push(row);
    }
    let mut headers = vec![
        "FILE:LINE",
        "SEALEDSECRET",
        "ITEM",
        "VALUE SINCE",
        "VALUE SEALED UNDER",
        "ITEM SEALED UNDER",
    ];
    if !leaked.is_empty() {
        headers.push("LEAKED");
    }
    out.push_str(&super::super::repo::table(&headers, &rows));
    if !problems.is_empty() {
        out.push_str("\nProblems\n");
        for p in problems {
            out.push_str(&format!("  {p}\n"));
        }
    }
    if !leaked.is_empty() {
        out.push_str(&format!(
            "\n{exposed} current value(s) were sealed under a leaked key in some commit.\n"
        ));
    }
    out.push_str(&format!("\nNote: {LEAK_NOTE}\n"));
    out
}

#[allow(clippy::too_many_arguments)]
pub(super) fn to_json(
    items: &[ItemHistory],
    commits: &[CommitInfo],
    ring: &KeyRing,
    leaked: &[Leaked],
    leaked_keys: &BTreeSet<usize>,
    problems: &[String],
    exposed: usize,
    sealed: &HashMap<Digest32, Ciphertext>,
    blobs: usize,
) -> Value {
    let key_json = |i: usize| {
        let k = &ring.keys[i];
        json!({
            "key": i + 1,
            "source": k.source,
            "cert_sha256": k.cert.as_ref().map(|c| c.fingerprint.to_string()),
            "spki_sha256": k.spki_fingerprint.to_string(),
            "leaked": leaked_keys.contains(&i),
        })
    };
    let commit = |c: usize| json!({"commit": commits[c].hash, "date": date(commits[c].time)});
    let items: Vec<Value> = items
        .iter()
        .map(|h| {
            json!({
                "file": h.file,
                "line": h.line,
                "namespace": h.namespace,
                "name": h.name,
                "item": h.item,
                "value_since": h.since.map(|c| date(commits[c].time)),
                "value_since_commit": h.since.map(|c| commits[c].hash.clone()),
                "committed": h.committed,
                "history_complete": h.complete,
                "value_keys": h.value_keys.iter().map(|i| key_json(*i)).collect::<Vec<_>>(),
                "keys": h.keys.iter().map(|(i, n)| {
                    let mut v = key_json(*i);
                    v["commits"] = json!(n);
                    v
                }).collect::<Vec<_>>(),
                "exposed": !h.exposures.is_empty(),
                "exposures": h.exposures.iter().map(|(c, how)| {
                    let mut v = match c {
                        Some(c) => commit(*c),
                        None => json!({"commit": null, "date": null}),
                    };
                    v["evidence"] = json!(how);
                    v
                }).collect::<Vec<_>>(),
                "problem": h.problem,
            })
        })
        .collect();
    json!({
        "keys": (0..ring.keys.len()).map(key_json).collect::<Vec<_>>(),
        "leaked": leaked.iter().map(|l| json!({
            "given": l.given,
            "fingerprints": l.fingerprints.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "items": items,
        "problems": problems,
        "summary": {
            "commits": commits.len(),
            "blobs": blobs,
            "ciphertexts": sealed.len(),
            "private_key_operations": ring.stats.private(),
            "items": items.len(),
            "exposed": exposed,
        },
        "note": LEAK_NOTE,
    })
}
