
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'sealant' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'sealant'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'sealant' {
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Certificate file or URL to seal with')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: json or yaml (kubeseal''s default is json)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: json or yaml (kubeseal''s default is json)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Input file (default: standard input)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Input file (default: standard input)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Output file (default: standard output); a .yaml/.yml name selects YAML')
            [CompletionResult]::new('--sealed-secret-file', '--sealed-secret-file', [CompletionResultType]::ParameterName, 'Output file (default: standard output); a .yaml/.yml name selects YAML')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope: strict, namespace-wide or cluster-wide')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Name of the Secret (with --raw)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (the Secret''s, or kubectl''s -n)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (the Secret''s, or kubectl''s -n)')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'File holding the raw value (with --raw)')
            [CompletionResult]::new('--merge-into', '--merge-into', [CompletionResultType]::ParameterName, 'Merge the sealed items into this SealedSecret file, in place')
            [CompletionResult]::new('--recovery-private-key', '--recovery-private-key', [CompletionResultType]::ParameterName, 'Private key file(s) for --recovery-unseal (repeat or separate with commas)')
            [CompletionResult]::new('--controller-name', '--controller-name', [CompletionResultType]::ParameterName, 'Name of the controller''s Service')
            [CompletionResult]::new('--controller-namespace', '--controller-namespace', [CompletionResultType]::ParameterName, 'Namespace of the controller''s Service')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--fetch-cert', '--fetch-cert', [CompletionResultType]::ParameterName, 'Print the certificate (needs --cert without a cluster)')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Seal one raw value (from --from-file or standard input)')
            [CompletionResult]::new('--re-encrypt', '--re-encrypt', [CompletionResultType]::ParameterName, 'Re-encrypt a SealedSecret with the controller''s newest key (needs the cluster)')
            [CompletionResult]::new('--validate', '--validate', [CompletionResultType]::ParameterName, 'Ask the controller whether a SealedSecret opens (needs the cluster)')
            [CompletionResult]::new('--recovery-unseal', '--recovery-unseal', [CompletionResultType]::ParameterName, 'Open SealedSecrets with --recovery-private-key and print the Secrets')
            [CompletionResult]::new('--allow-empty-data', '--allow-empty-data', [CompletionResultType]::ParameterName, 'Seal a Secret that has no data')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('seal', 'seal', [CompletionResultType]::ParameterValue, 'Seal every Secret in YAML or JSON input; pass every other document through')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Build a Secret in memory (literals, files, env files, prompts) and seal it: no plaintext file is written')
            [CompletionResult]::new('raw', 'raw', [CompletionResultType]::ParameterValue, 'Seal one value (a file, standard input or a prompt) and print only its base64')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Seal a Secret''s items into an existing SealedSecret file, in place')
            [CompletionResult]::new('unseal', 'unseal', [CompletionResultType]::ParameterValue, 'Open SealedSecrets with the controller''s private keys (recovery)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Find plaintext Secrets and malformed or stale SealedSecrets (CI, pre-commit)')
            [CompletionResult]::new('cert', 'cert', [CompletionResultType]::ParameterValue, 'Show or fetch the controller''s certificate')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print sealant''s man page, or write one page per command into a folder')
            break
        }
        'sealant;seal' {
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'The controller''s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides')
            [CompletionResult]::new('--expect-fingerprint', '--expect-fingerprint', [CompletionResultType]::ParameterName, 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'The scope to seal for; by default the Secret''s own annotations decide (strict when none)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The namespace; must match the Secret''s own when it has one')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The namespace; must match the Secret''s own when it has one')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Seal under this name instead of the Secret''s own')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; by default the input''s own format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format; by default the input''s own format')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Write the output to this file (atomically) instead of standard output')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Write the output to this file (atomically) instead of standard output')
            [CompletionResult]::new('--output-template', '--output-template', [CompletionResultType]::ParameterName, 'Write one file per cluster and SealedSecret, e.g. ''{cluster}/{name}.yaml'' (also {namespace} {dir} {stem} {ext}); only SealedSecrets are written')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Rewrite each input file in place (atomically), Secrets replaced by SealedSecrets')
            [CompletionResult]::new('--in-place', '--in-place', [CompletionResultType]::ParameterName, 'Rewrite each input file in place (atomically), Secrets replaced by SealedSecrets')
            [CompletionResult]::new('--allow-empty-data', '--allow-empty-data', [CompletionResultType]::ParameterName, 'Seal a Secret that has no data')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sealant;create' {
            [CompletionResult]::new('--from-literal', '--from-literal', [CompletionResultType]::ParameterName, 'An item from the command line (KEY=VALUE). Other users of the machine can see it in the process list: prefer --prompt or --from-file')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'An item from a file ([KEY=]PATH; the key defaults to the file name); a folder adds each of its files')
            [CompletionResult]::new('--from-env-file', '--from-env-file', [CompletionResultType]::ParameterName, 'Items from KEY=VALUE lines of a file, as kubectl reads them')
            [CompletionResult]::new('--prompt', '--prompt', [CompletionResultType]::ParameterName, 'Ask for the value of KEY on the terminal, without echo, twice')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'The Secret''s type (default Opaque)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'The controller''s certificate (same as --sealing-cert)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The Secret''s namespace (needed unless it is sealed cluster-wide)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The Secret''s namespace (needed unless it is sealed cluster-wide)')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'A label on the Secret (KEY=VALUE; repeat for several)')
            [CompletionResult]::new('--annotation', '--annotation', [CompletionResultType]::ParameterName, 'An annotation on the Secret (KEY=VALUE; repeat for several)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'The scope to seal for (default strict, or the matching rule''s)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (default yaml, or the matching rule''s)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (default yaml, or the matching rule''s)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Write the SealedSecret to this file (atomically) instead of standard output')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Write the SealedSecret to this file (atomically) instead of standard output')
            [CompletionResult]::new('--output-template', '--output-template', [CompletionResultType]::ParameterName, 'One file per cluster, e.g. ''{cluster}/{name}.yaml'' (also {namespace} {ext})')
            [CompletionResult]::new('--sealing-cert', '--sealing-cert', [CompletionResultType]::ParameterName, 'The controller''s certificate; repeat to seal for several clusters (NAME= names one). By default the matching rule of .sealant.yaml decides')
            [CompletionResult]::new('--expect-fingerprint', '--expect-fingerprint', [CompletionResultType]::ParameterName, 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('generic', 'generic', [CompletionResultType]::ParameterValue, 'An Opaque (or --type) Secret from literals, files, env files and prompts')
            [CompletionResult]::new('tls', 'tls', [CompletionResultType]::ParameterValue, 'A kubernetes.io/tls Secret from a certificate and its private key')
            [CompletionResult]::new('docker-registry', 'docker-registry', [CompletionResultType]::ParameterValue, 'A kubernetes.io/dockerconfigjson Secret for pulling images, built as kubectl builds it')
            break
        }
        'sealant;create;generic' {
            [CompletionResult]::new('--from-literal', '--from-literal', [CompletionResultType]::ParameterName, 'An item from the command line (KEY=VALUE). Other users of the machine can see it in the process list: prefer --prompt or --from-file')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'An item from a file ([KEY=]PATH; the key defaults to the file name); a folder adds each of its files')
            [CompletionResult]::new('--from-env-file', '--from-env-file', [CompletionResultType]::ParameterName, 'Items from KEY=VALUE lines of a file, as kubectl reads them')
            [CompletionResult]::new('--prompt', '--prompt', [CompletionResultType]::ParameterName, 'Ask for the value of KEY on the terminal, without echo, twice')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'The Secret''s type (default Opaque)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'The controller''s certificate (same as --sealing-cert)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The Secret''s namespace (needed unless it is sealed cluster-wide)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The Secret''s namespace (needed unless it is sealed cluster-wide)')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'A label on the Secret (KEY=VALUE; repeat for several)')
            [CompletionResult]::new('--annotation', '--annotation', [CompletionResultType]::ParameterName, 'An annotation on the Secret (KEY=VALUE; repeat for several)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'The scope to seal for (default strict, or the matching rule''s)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (default yaml, or the matching rule''s)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (default yaml, or the matching rule''s)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Write the SealedSecret to this file (atomically) instead of standard output')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Write the SealedSecret to this file (atomically) instead of standard output')
            [CompletionResult]::new('--output-template', '--output-template', [CompletionResultType]::ParameterName, 'One file per cluster, e.g. ''{cluster}/{name}.yaml'' (also {namespace} {ext})')
            [CompletionResult]::new('--sealing-cert', '--sealing-cert', [CompletionResultType]::ParameterName, 'The controller''s certificate; repeat to seal for several clusters (NAME= names one). By default the matching rule of .sealant.yaml decides')
            [CompletionResult]::new('--expect-fingerprint', '--expect-fingerprint', [CompletionResultType]::ParameterName, 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sealant;create;tls' {
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'The PEM certificate (chain) for tls.crt. (The sealing certificate is --sealing-cert here.)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The PEM private key for tls.key')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The Secret''s namespace (needed unless it is sealed cluster-wide)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The Secret''s namespace (needed unless it is sealed cluster-wide)')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'A label on the Secret (KEY=VALUE; repeat for several)')
            [CompletionResult]::new('--annotation', '--annotation', [CompletionResultType]::ParameterName, 'An annotation on the Secret (KEY=VALUE; repeat for several)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'The scope to seal for (default strict, or the matching rule''s)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (default yaml, or the matching rule''s)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (default yaml, or the matching rule''s)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Write the SealedSecret to this file (atomically) instead of standard output')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Write the SealedSecret to this file (atomically) instead of standard output')
            [CompletionResult]::new('--output-template', '--output-template', [CompletionResultType]::ParameterName, 'One file per cluster, e.g. ''{cluster}/{name}.yaml'' (also {namespace} {ext})')
            [CompletionResult]::new('--sealing-cert', '--sealing-cert', [CompletionResultType]::ParameterName, 'The controller''s certificate; repeat to seal for several clusters (NAME= names one). By default the matching rule of .sealant.yaml decides')
            [CompletionResult]::new('--expect-fingerprint', '--expect-fingerprint', [CompletionResultType]::ParameterName, 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sealant;create;docker-registry' {
            [CompletionResult]::new('--docker-server', '--docker-server', [CompletionResultType]::ParameterName, 'The registry')
            [CompletionResult]::new('--docker-username', '--docker-username', [CompletionResultType]::ParameterName, 'The user name')
            [CompletionResult]::new('--docker-password', '--docker-password', [CompletionResultType]::ParameterName, 'The password (visible to other users in the process list: prefer --prompt)')
            [CompletionResult]::new('--docker-email', '--docker-email', [CompletionResultType]::ParameterName, 'The e-mail address (optional)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'The controller''s certificate (same as --sealing-cert)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The Secret''s namespace (needed unless it is sealed cluster-wide)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The Secret''s namespace (needed unless it is sealed cluster-wide)')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'A label on the Secret (KEY=VALUE; repeat for several)')
            [CompletionResult]::new('--annotation', '--annotation', [CompletionResultType]::ParameterName, 'An annotation on the Secret (KEY=VALUE; repeat for several)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'The scope to seal for (default strict, or the matching rule''s)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (default yaml, or the matching rule''s)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format (default yaml, or the matching rule''s)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Write the SealedSecret to this file (atomically) instead of standard output')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Write the SealedSecret to this file (atomically) instead of standard output')
            [CompletionResult]::new('--output-template', '--output-template', [CompletionResultType]::ParameterName, 'One file per cluster, e.g. ''{cluster}/{name}.yaml'' (also {namespace} {ext})')
            [CompletionResult]::new('--sealing-cert', '--sealing-cert', [CompletionResultType]::ParameterName, 'The controller''s certificate; repeat to seal for several clusters (NAME= names one). By default the matching rule of .sealant.yaml decides')
            [CompletionResult]::new('--expect-fingerprint', '--expect-fingerprint', [CompletionResultType]::ParameterName, 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several)')
            [CompletionResult]::new('--prompt', '--prompt', [CompletionResultType]::ParameterName, 'Ask for the password on the terminal, without echo, twice')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sealant;raw' {
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'The controller''s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides')
            [CompletionResult]::new('--expect-fingerprint', '--expect-fingerprint', [CompletionResultType]::ParameterName, 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'The file holding the value (its bytes exactly, trailing newline included)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'The scope to seal for')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The Secret''s namespace (strict and namespace-wide scopes)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The Secret''s namespace (strict and namespace-wide scopes)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The Secret''s name (strict scope)')
            [CompletionResult]::new('--prompt', '--prompt', [CompletionResultType]::ParameterName, 'Ask for the value on the terminal, without echo')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sealant;merge' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Read the Secret from this file instead of standard input')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'The controller''s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides')
            [CompletionResult]::new('--expect-fingerprint', '--expect-fingerprint', [CompletionResultType]::ParameterName, 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'The scope; by default the target''s own')
            [CompletionResult]::new('--allow-empty-data', '--allow-empty-data', [CompletionResultType]::ParameterName, 'Merge a Secret that has no data (changes nothing)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sealant;unseal' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'A private key: PEM (PKCS#1 or PKCS#8), a kubernetes.io/tls Secret, or a List of them (a key backup). Repeat for several')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'A private key: PEM (PKCS#1 or PKCS#8), a kubernetes.io/tls Secret, or a List of them (a key backup). Repeat for several')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; by default the input''s own format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format; by default the input''s own format')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Write the Secrets to this file (created 0600) instead of standard output')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Write the Secrets to this file (created 0600) instead of standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sealant;check' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Report format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Report format')
            [CompletionResult]::new('--require-cert-record', '--require-cert-record', [CompletionResultType]::ParameterName, 'Also report SealedSecrets that do not record their certificate (sealant.dev/cert-sha256) where the rules expect one')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sealant;cert' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print a certificate''s SHA-256 fingerprint, subject, validity and key size')
            [CompletionResult]::new('fetch', 'fetch', [CompletionResultType]::ParameterValue, 'Fetch the certificate and write it as PEM')
            break
        }
        'sealant;cert;show' {
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'The controller''s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides')
            [CompletionResult]::new('--expect-fingerprint', '--expect-fingerprint', [CompletionResultType]::ParameterName, 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sealant;cert;fetch' {
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'The controller''s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides')
            [CompletionResult]::new('--expect-fingerprint', '--expect-fingerprint', [CompletionResultType]::ParameterName, 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Write the PEM to this file (atomically) instead of standard output')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Write the PEM to this file (atomically) instead of standard output')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The cluster of .sealant.yaml to fetch for (its cert) and to pin')
            [CompletionResult]::new('--pin', '--pin', [CompletionResultType]::ParameterName, 'Pin the fetched certificate: write its fingerprint into .sealant.yaml as the cluster''s only one (the file is created when missing). The PEM is then printed only with -w')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sealant;completions' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sealant;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write one page per command into this folder instead of printing sealant(1)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
