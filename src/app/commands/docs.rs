//! `sealant completions` and `sealant man`: generated from the clap
//! definition, so they never drift from the code.

use std::path::Path;

use crate::error::{Error, Result};
use crate::io::atomic::{self, Access};

use super::Stdout;

/// The completion script for `shell`.
pub fn render_completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut cmd = with_path_hints(crate::app::cli::command());
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "sealant", &mut out);
    out
}

/// The command with a value hint on every path argument, so shells complete
/// them as file names (bash: `compopt -o filenames`) or folders (`DIR`).
fn with_path_hints(cmd: clap::Command) -> clap::Command {
    let path = clap::builder::ValueParser::path_buf().type_id();
    cmd.mut_args(|arg| {
        if arg.get_value_parser().type_id() != path
            // clap reports an unset hint of a path as AnyPath.
            || !matches!(
                arg.get_value_hint(),
                clap::ValueHint::Unknown | clap::ValueHint::AnyPath
            )
        {
            return arg;
        }
        let dir = arg
            .get_value_names()
            .is_some_and(|names| names.iter().all(|n| n.as_str() == "DIR"));
        arg.value_hint(if dir {
            clap::ValueHint::DirPath
        } else {
            clap::ValueHint::FilePath
        })
    })
    .mut_subcommands(with_path_hints)
}

/// Every man page: `sealant.1` and one `sealant-COMMAND.1` per command.
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    let mut cmd = crate::app::cli::command();
    cmd.build();
    let mut pages = Vec::new();
    collect(&cmd, "sealant", &mut pages);
    pages
}

fn collect(cmd: &clap::Command, name: &str, pages: &mut Vec<(String, Vec<u8>)>) {
    let page_cmd = cmd.clone().name(name.to_string());
    let mut buf = Vec::new();
    clap_mangen::Man::new(page_cmd)
        .render(&mut buf)
        .expect("rendering to memory cannot fail");
    buf.extend_from_slice(man_sections(name).as_bytes());
    pages.push((format!("{name}.1"), buf));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, &format!("{name}-{}", sub.get_name()), pages);
    }
}

/// Examples for a man page, by page name: (what it does, the command line).
fn examples(page: &str) -> &'static [(&'static str, &'static str)] {
    match page {
        "sealant" => &[
            (
                "Seal a Secret from kubectl, without a plaintext file:",
                "kubectl create secret generic db \\-\\-from\\-literal=password=s3cr3t \\-\\-dry\\-run=client \\-o yaml | sealant seal \\-\\-cert cert.pem \\-w db\\-sealed.yaml",
            ),
            (
                "Refuse plaintext Secrets in a repository (CI, pre\\-commit):",
                "sealant check",
            ),
            (
                "Re\\-encrypt a repository after a key renewal, offline:",
                "sealant reseal repo/ \\-\\-key backup.yaml",
            ),
            (
                "Use sealant as kubeseal:",
                "sealant \\-\\-cert cert.pem \\-o yaml < secret.yaml > sealed.yaml",
            ),
        ],
        "sealant-seal" => &[
            (
                "Seal a stream, other documents pass through:",
                "kubectl kustomize overlays/prod | sealant seal \\-\\-cert cert.pem \\-w prod\\-sealed.yaml",
            ),
            (
                "Rewrite files in place, atomically:",
                "sealant seal \\-\\-cert cert.pem \\-i secrets/*.yaml",
            ),
            (
                "One SealedSecret per cluster:",
                "sealant seal \\-\\-cert prod=prod.pem \\-\\-cert staging=staging.pem \\-\\-output\\-template \\(aq{cluster}/{name}.yaml\\(aq secret.yaml",
            ),
        ],
        "sealant-create" => &[(
            "Build and seal a Secret in memory, asking for the value:",
            "sealant create db \\-n payments \\-\\-prompt password \\-w db\\-sealed.yaml",
        )],
        "sealant-raw" => &[(
            "Seal one value for spec.encryptedData:",
            "sealant raw \\-\\-cert cert.pem \\-\\-namespace payments \\-\\-name db \\-\\-from\\-file password.txt",
        )],
        "sealant-merge" => &[(
            "Add or change items of an existing SealedSecret file:",
            "kubectl create secret generic db \\-\\-from\\-literal=password=new \\-\\-dry\\-run=client \\-o yaml | sealant merge \\-\\-cert cert.pem db\\-sealed.yaml",
        )],
        "sealant-unseal" => &[(
            "Recover the Secrets of a repository with a key backup:",
            "sealant unseal \\-\\-key backup.yaml repo/ \\-\\-to\\-dir plain/",
        )],
        "sealant-reseal" => &[
            (
                "Preview, then re\\-encrypt for the newest key:",
                "sealant reseal repo/ \\-\\-key backup.yaml \\-\\-dry\\-run; sealant reseal repo/ \\-\\-key backup.yaml",
            ),
            (
                "Through the controller:",
                "sealant reseal \\-\\-controller repo/",
            ),
        ],
        "sealant-validate" => &[
            (
                "Offline, with the controller keys:",
                "sealant validate repo/ \\-\\-key backup.yaml",
            ),
            ("Through the controller:", "sealant validate repo/"),
        ],
        "sealant-audit" => &[(
            "Which key each item depends on:",
            "sealant audit repo/ \\-\\-key backup.yaml \\-\\-json",
        )],
        "sealant-keygen" => &[(
            "A key pair to bring your own key:",
            "sealant keygen new\\-key \\-\\-name sealed\\-secrets\\-key2027",
        )],
        "sealant-check" => &[(
            "Check the repository, as JSON for CI:",
            "sealant check \\-\\-format json",
        )],
        "sealant-cert-fetch" => &[(
            "Fetch and pin a cluster certificate:",
            "sealant cert fetch \\-\\-context prod \\-\\-pin \\-w prod.pem",
        )],
        "sealant-create-generic" => &[(
            "A Secret from a literal and a file, sealed for the cluster of the current context:",
            "sealant create generic app \\-n web \\-\\-from\\-literal=user=admin \\-\\-from\\-file=tls.key \\-w app\\-sealed.yaml",
        )],
        "sealant-create-tls" => &[(
            "A kubernetes.io/tls Secret, sealed:",
            "sealant create tls web\\-tls \\-n web \\-\\-cert tls.crt \\-\\-key tls.key \\-\\-sealing\\-cert cert.pem \\-w web\\-tls\\-sealed.yaml",
        )],
        "sealant-edit" => &[(
            "Change a SealedSecret's values in $EDITOR, sealing the changes in place:",
            "sealant edit db\\-sealed.yaml \\-\\-key backup.yaml",
        )],
        "sealant-cat" => &[(
            "Read the values of a SealedSecret file:",
            "sealant cat \\-\\-key backup.yaml db\\-sealed.yaml",
        )],
        "sealant-diff" => &[(
            "Review SealedSecrets in git diff (textconv driver):",
            "git config diff.sealant.textconv \\(aqsealant diff\\(aq; echo \\(aq*.yaml diff=sealant\\(aq >> .gitattributes",
        )],
        "sealant-keys-backup" => &[(
            "Back up the controller's private keys (0600):",
            "sealant keys backup \\-\\-context prod \\-w backup.yaml",
        )],
        "sealant-keys-list" => &[(
            "List the keys of a backup and which one seals:",
            "sealant keys list \\-\\-key backup.yaml",
        )],
        "sealant-cert-show" => &[(
            "Show a certificate's fingerprint, validity and key size:",
            "sealant cert show prod.pem",
        )],
        "sealant-completions" => &[(
            "Install bash completions for the current user:",
            "sealant completions bash > ~/.local/share/bash\\-completion/completions/sealant",
        )],
        "sealant-man" => &[(
            "Write every page into a folder on MANPATH:",
            "sealant man \\-\\-dir ~/.local/share/man/man1",
        )],
        _ => &[],
    }
}

/// The sections clap does not make: EXAMPLES, ENVIRONMENT, FILES and EXIT
/// STATUS, as roff (its `-` and `\\` already escaped).
fn man_sections(page: &str) -> String {
    let mut out = String::new();
    let examples = examples(page);
    if !examples.is_empty() {
        out.push_str(".SH EXAMPLES\n");
        for (what, line) in examples {
            out.push_str(&format!(".TP\n{what}\n.B {line}\n"));
        }
    }
    out.push_str(concat!(
        ".SH ENVIRONMENT\n",
        ".TP\n\\fBSEALED_SECRETS_\\fR\\fIFLAG\\fR\nThe value of a flag of the kubeseal drop\\-in (upper case, \\- as _), e.g. SEALED_SECRETS_CERT; flags win, and an empty variable counts as unset.\n",
        ".TP\n\\fBSEALANT_RULES\\fR\nThe rules file to use instead of the .sealant.yaml found in the repository; empty: no rules.\n",
        ".TP\n\\fBKUBECONFIG\\fR\nThe kubeconfig files, merged as kubectl merges them.\n",
        ".TP\n\\fBHTTPS_PROXY\\fR, \\fBHTTP_PROXY\\fR, \\fBNO_PROXY\\fR\nProxies for the API server and certificate URLs, as Go programs read them; loopback is never proxied.\n",
        ".TP\n\\fBSEALANT_MAX_FAILED_OPS\\fR\nThe budget of failed private\\-key operations in one run (20000).\n",
        ".TP\n\\fBRAYON_NUM_THREADS\\fR\nHow many threads seal and open values (default: one per core).\n",
        ".SH FILES\n",
        ".TP\n\\fI.sealant.yaml\\fR\nRepository rules: clusters, certificates and pins, scopes, output templates; looked for from the current folder up to the top of the git repository.\n",
        ".TP\n\\fI~/.kube/config\\fR\nThe kubeconfig used when KUBECONFIG is not set.\n",
        ".SH \"EXIT STATUS\"\n",
        ".TP\n0\nSuccess.\n",
        ".TP\n1\nFindings: something was checked and did not pass (and every error in kubeseal mode).\n",
        ".TP\n2\nUsage: the command line is wrong.\n",
        ".TP\n3\nInput: a manifest is missing, unreadable or malformed, or might hold plaintext where a Secret is not expected.\n",
        ".TP\n4\nCertificate: missing, unreachable, expired, not RSA, or not the pinned one.\n",
        ".TP\n5\nKey: a private key is unusable, or no key opens a value.\n",
        ".TP\n6\nOutput: a file could not be written.\n",
        ".TP\n7\nCluster: the cluster or the controller could not be reached.\n",
    ));
    out
}

pub(super) fn completions(shell: clap_complete::Shell) -> Result<()> {
    let mut out = Stdout::new();
    out.write(&render_completions(shell))?;
    out.finish()
}

pub(super) fn man(dir: Option<&Path>) -> Result<()> {
    let pages = man_pages();
    match dir {
        None => {
            let mut out = Stdout::new();
            out.write(&pages[0].1)?;
            out.finish()
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.display().to_string(),
                source,
            })?;
            for (name, bytes) in pages {
                atomic::write(&dir.join(name), &bytes, Access::Keep)?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every example names a page that exists, and every `sealant ...`
    /// in it parses with the real command line (a renamed flag fails here).
    #[test]
    fn every_example_parses_and_names_a_page() {
        let pages: Vec<String> = man_pages().into_iter().map(|(name, _)| name).collect();
        let mut checked = 0;
        for page in &pages {
            let page = page.trim_end_matches(".1");
            for (_, line) in examples(page) {
                let text = line.replace("\\-", "-").replace("\\(aq", "");
                for part in text.split(['|', ';', '<', '>']) {
                    let words: Vec<&str> = part.split_whitespace().collect();
                    if words.first() != Some(&"sealant") {
                        continue;
                    }
                    crate::app::cli::command()
                        .try_get_matches_from(&words)
                        .unwrap_or_else(|e| panic!("{page}: {part}: {e}"));
                    checked += 1;
                }
            }
        }
        assert!(checked >= 20, "only {checked} examples checked");
        let named = [
            "sealant-seal",
            "sealant-edit",
            "sealant-keys-backup",
            "sealant-cert-fetch",
        ];
        for page in named {
            assert!(pages.iter().any(|p| p == &format!("{page}.1")), "{page}");
            assert!(!examples(page).is_empty(), "{page} has examples");
        }
    }
}
