
use builtin;
use str;

set edit:completion:arg-completer[sealant] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'sealant'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'sealant'= {
            cand --cert 'Certificate file or URL to seal with'
            cand -o 'Output format: json or yaml (kubeseal''s default is json)'
            cand --format 'Output format: json or yaml (kubeseal''s default is json)'
            cand -f 'Input file (default: standard input)'
            cand --secret-file 'Input file (default: standard input)'
            cand -w 'Output file (default: standard output); a .yaml/.yml name selects YAML'
            cand --sealed-secret-file 'Output file (default: standard output); a .yaml/.yml name selects YAML'
            cand --scope 'Scope: strict, namespace-wide or cluster-wide'
            cand --name 'Name of the Secret (with --raw)'
            cand -n 'Namespace (the Secret''s, or kubectl''s -n)'
            cand --namespace 'Namespace (the Secret''s, or kubectl''s -n)'
            cand --from-file 'File holding the raw value (with --raw)'
            cand --merge-into 'Merge the sealed items into this SealedSecret file, in place'
            cand --recovery-private-key 'Private key file(s) for --recovery-unseal (repeat or separate with commas)'
            cand --controller-name 'Name of the controller''s Service'
            cand --controller-namespace 'Namespace of the controller''s Service'
            cand --kubeconfig 'Path to the kubeconfig file'
            cand --context 'The kubeconfig context to use'
            cand --fetch-cert 'Print the certificate (needs --cert without a cluster)'
            cand --raw 'Seal one raw value (from --from-file or standard input)'
            cand --re-encrypt 'Re-encrypt a SealedSecret with the controller''s newest key (needs the cluster)'
            cand --validate 'Ask the controller whether a SealedSecret opens (needs the cluster)'
            cand --recovery-unseal 'Open SealedSecrets with --recovery-private-key and print the Secrets'
            cand --allow-empty-data 'Seal a Secret that has no data'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand seal 'Seal every Secret in YAML or JSON input; pass every other document through'
            cand create 'Build a Secret in memory (literals, files, env files, prompts) and seal it: no plaintext file is written'
            cand raw 'Seal one value (a file, standard input or a prompt) and print only its base64'
            cand merge 'Seal a Secret''s items into an existing SealedSecret file, in place'
            cand unseal 'Open SealedSecrets with the controller''s private keys (recovery)'
            cand check 'Find plaintext Secrets and malformed or stale SealedSecrets (CI, pre-commit)'
            cand cert 'Show or fetch the controller''s certificate'
            cand completions 'Print a shell completion script'
            cand man 'Print sealant''s man page, or write one page per command into a folder'
        }
        &'sealant;seal'= {
            cand --cert 'The controller''s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides'
            cand --expect-fingerprint 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml'
            cand --scope 'The scope to seal for; by default the Secret''s own annotations decide (strict when none)'
            cand -n 'The namespace; must match the Secret''s own when it has one'
            cand --namespace 'The namespace; must match the Secret''s own when it has one'
            cand --name 'Seal under this name instead of the Secret''s own'
            cand -o 'Output format; by default the input''s own format'
            cand --format 'Output format; by default the input''s own format'
            cand -w 'Write the output to this file (atomically) instead of standard output'
            cand --write 'Write the output to this file (atomically) instead of standard output'
            cand --output-template 'Write one file per cluster and SealedSecret, e.g. ''{cluster}/{name}.yaml'' (also {namespace} {dir} {stem} {ext}); only SealedSecrets are written'
            cand -i 'Rewrite each input file in place (atomically), Secrets replaced by SealedSecrets'
            cand --in-place 'Rewrite each input file in place (atomically), Secrets replaced by SealedSecrets'
            cand --allow-empty-data 'Seal a Secret that has no data'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sealant;create'= {
            cand --from-literal 'An item from the command line (KEY=VALUE). Other users of the machine can see it in the process list: prefer --prompt or --from-file'
            cand --from-file 'An item from a file ([KEY=]PATH; the key defaults to the file name); a folder adds each of its files'
            cand --from-env-file 'Items from KEY=VALUE lines of a file, as kubectl reads them'
            cand --prompt 'Ask for the value of KEY on the terminal, without echo, twice'
            cand --type 'The Secret''s type (default Opaque)'
            cand --cert 'The controller''s certificate (same as --sealing-cert)'
            cand -n 'The Secret''s namespace (needed unless it is sealed cluster-wide)'
            cand --namespace 'The Secret''s namespace (needed unless it is sealed cluster-wide)'
            cand --label 'A label on the Secret (KEY=VALUE; repeat for several)'
            cand --annotation 'An annotation on the Secret (KEY=VALUE; repeat for several)'
            cand --scope 'The scope to seal for (default strict, or the matching rule''s)'
            cand -o 'Output format (default yaml, or the matching rule''s)'
            cand --format 'Output format (default yaml, or the matching rule''s)'
            cand -w 'Write the SealedSecret to this file (atomically) instead of standard output'
            cand --write 'Write the SealedSecret to this file (atomically) instead of standard output'
            cand --output-template 'One file per cluster, e.g. ''{cluster}/{name}.yaml'' (also {namespace} {ext})'
            cand --sealing-cert 'The controller''s certificate; repeat to seal for several clusters (NAME= names one). By default the matching rule of .sealant.yaml decides'
            cand --expect-fingerprint 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand generic 'An Opaque (or --type) Secret from literals, files, env files and prompts'
            cand tls 'A kubernetes.io/tls Secret from a certificate and its private key'
            cand docker-registry 'A kubernetes.io/dockerconfigjson Secret for pulling images, built as kubectl builds it'
        }
        &'sealant;create;generic'= {
            cand --from-literal 'An item from the command line (KEY=VALUE). Other users of the machine can see it in the process list: prefer --prompt or --from-file'
            cand --from-file 'An item from a file ([KEY=]PATH; the key defaults to the file name); a folder adds each of its files'
            cand --from-env-file 'Items from KEY=VALUE lines of a file, as kubectl reads them'
            cand --prompt 'Ask for the value of KEY on the terminal, without echo, twice'
            cand --type 'The Secret''s type (default Opaque)'
            cand --cert 'The controller''s certificate (same as --sealing-cert)'
            cand -n 'The Secret''s namespace (needed unless it is sealed cluster-wide)'
            cand --namespace 'The Secret''s namespace (needed unless it is sealed cluster-wide)'
            cand --label 'A label on the Secret (KEY=VALUE; repeat for several)'
            cand --annotation 'An annotation on the Secret (KEY=VALUE; repeat for several)'
            cand --scope 'The scope to seal for (default strict, or the matching rule''s)'
            cand -o 'Output format (default yaml, or the matching rule''s)'
            cand --format 'Output format (default yaml, or the matching rule''s)'
            cand -w 'Write the SealedSecret to this file (atomically) instead of standard output'
            cand --write 'Write the SealedSecret to this file (atomically) instead of standard output'
            cand --output-template 'One file per cluster, e.g. ''{cluster}/{name}.yaml'' (also {namespace} {ext})'
            cand --sealing-cert 'The controller''s certificate; repeat to seal for several clusters (NAME= names one). By default the matching rule of .sealant.yaml decides'
            cand --expect-fingerprint 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sealant;create;tls'= {
            cand --cert 'The PEM certificate (chain) for tls.crt. (The sealing certificate is --sealing-cert here.)'
            cand --key 'The PEM private key for tls.key'
            cand -n 'The Secret''s namespace (needed unless it is sealed cluster-wide)'
            cand --namespace 'The Secret''s namespace (needed unless it is sealed cluster-wide)'
            cand --label 'A label on the Secret (KEY=VALUE; repeat for several)'
            cand --annotation 'An annotation on the Secret (KEY=VALUE; repeat for several)'
            cand --scope 'The scope to seal for (default strict, or the matching rule''s)'
            cand -o 'Output format (default yaml, or the matching rule''s)'
            cand --format 'Output format (default yaml, or the matching rule''s)'
            cand -w 'Write the SealedSecret to this file (atomically) instead of standard output'
            cand --write 'Write the SealedSecret to this file (atomically) instead of standard output'
            cand --output-template 'One file per cluster, e.g. ''{cluster}/{name}.yaml'' (also {namespace} {ext})'
            cand --sealing-cert 'The controller''s certificate; repeat to seal for several clusters (NAME= names one). By default the matching rule of .sealant.yaml decides'
            cand --expect-fingerprint 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sealant;create;docker-registry'= {
            cand --docker-server 'The registry'
            cand --docker-username 'The user name'
            cand --docker-password 'The password (visible to other users in the process list: prefer --prompt)'
            cand --docker-email 'The e-mail address (optional)'
            cand --cert 'The controller''s certificate (same as --sealing-cert)'
            cand -n 'The Secret''s namespace (needed unless it is sealed cluster-wide)'
            cand --namespace 'The Secret''s namespace (needed unless it is sealed cluster-wide)'
            cand --label 'A label on the Secret (KEY=VALUE; repeat for several)'
            cand --annotation 'An annotation on the Secret (KEY=VALUE; repeat for several)'
            cand --scope 'The scope to seal for (default strict, or the matching rule''s)'
            cand -o 'Output format (default yaml, or the matching rule''s)'
            cand --format 'Output format (default yaml, or the matching rule''s)'
            cand -w 'Write the SealedSecret to this file (atomically) instead of standard output'
            cand --write 'Write the SealedSecret to this file (atomically) instead of standard output'
            cand --output-template 'One file per cluster, e.g. ''{cluster}/{name}.yaml'' (also {namespace} {ext})'
            cand --sealing-cert 'The controller''s certificate; repeat to seal for several clusters (NAME= names one). By default the matching rule of .sealant.yaml decides'
            cand --expect-fingerprint 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several)'
            cand --prompt 'Ask for the password on the terminal, without echo, twice'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sealant;raw'= {
            cand --cert 'The controller''s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides'
            cand --expect-fingerprint 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml'
            cand --from-file 'The file holding the value (its bytes exactly, trailing newline included)'
            cand --scope 'The scope to seal for'
            cand -n 'The Secret''s namespace (strict and namespace-wide scopes)'
            cand --namespace 'The Secret''s namespace (strict and namespace-wide scopes)'
            cand --name 'The Secret''s name (strict scope)'
            cand --prompt 'Ask for the value on the terminal, without echo'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sealant;merge'= {
            cand --from 'Read the Secret from this file instead of standard input'
            cand --cert 'The controller''s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides'
            cand --expect-fingerprint 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml'
            cand --scope 'The scope; by default the target''s own'
            cand --allow-empty-data 'Merge a Secret that has no data (changes nothing)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sealant;unseal'= {
            cand -k 'A private key: PEM (PKCS#1 or PKCS#8), a kubernetes.io/tls Secret, or a List of them (a key backup). Repeat for several'
            cand --key 'A private key: PEM (PKCS#1 or PKCS#8), a kubernetes.io/tls Secret, or a List of them (a key backup). Repeat for several'
            cand -o 'Output format; by default the input''s own format'
            cand --format 'Output format; by default the input''s own format'
            cand -w 'Write the Secrets to this file (created 0600) instead of standard output'
            cand --write 'Write the Secrets to this file (created 0600) instead of standard output'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sealant;check'= {
            cand -o 'Report format'
            cand --format 'Report format'
            cand --require-cert-record 'Also report SealedSecrets that do not record their certificate (sealant.dev/cert-sha256) where the rules expect one'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'sealant;cert'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand show 'Print a certificate''s SHA-256 fingerprint, subject, validity and key size'
            cand fetch 'Fetch the certificate and write it as PEM'
        }
        &'sealant;cert;show'= {
            cand --cert 'The controller''s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides'
            cand --expect-fingerprint 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sealant;cert;fetch'= {
            cand --cert 'The controller''s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides'
            cand --expect-fingerprint 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml'
            cand -w 'Write the PEM to this file (atomically) instead of standard output'
            cand --write 'Write the PEM to this file (atomically) instead of standard output'
            cand --cluster 'The cluster of .sealant.yaml to fetch for (its cert) and to pin'
            cand --pin 'Pin the fetched certificate: write its fingerprint into .sealant.yaml as the cluster''s only one (the file is created when missing). The PEM is then printed only with -w'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sealant;completions'= {
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'sealant;man'= {
            cand --dir 'Write one page per command into this folder instead of printing sealant(1)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
    ]
    $completions[$command]
}
