
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
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The API server''s URL')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates for the API server')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'A client certificate file for TLS authentication')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The client certificate''s key file')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)')
            [CompletionResult]::new('--controller-name', '--controller-name', [CompletionResultType]::ParameterName, 'Name of the controller''s Service')
            [CompletionResult]::new('--controller-namespace', '--controller-namespace', [CompletionResultType]::ParameterName, 'Namespace of the controller''s Service')
            [CompletionResult]::new('--fetch-cert', '--fetch-cert', [CompletionResultType]::ParameterName, 'Print the controller''s certificate (from --cert, or the cluster)')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Seal one raw value (from --from-file or standard input)')
            [CompletionResult]::new('--re-encrypt', '--re-encrypt', [CompletionResultType]::ParameterName, 'Re-encrypt SealedSecrets with the controller''s newest key (through the cluster)')
            [CompletionResult]::new('--validate', '--validate', [CompletionResultType]::ParameterName, 'Ask the controller whether SealedSecrets open (through the cluster)')
            [CompletionResult]::new('--recovery-unseal', '--recovery-unseal', [CompletionResultType]::ParameterName, 'Open SealedSecrets with --recovery-private-key and print the Secrets')
            [CompletionResult]::new('--allow-empty-data', '--allow-empty-data', [CompletionResultType]::ParameterName, 'Seal a Secret that has no data')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('seal', 'seal', [CompletionResultType]::ParameterValue, 'Seal every Secret in YAML or JSON input; pass every other document through')
            [CompletionResult]::new('raw', 'raw', [CompletionResultType]::ParameterValue, 'Seal one value (a file, standard input or a prompt) and print only its base64')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Seal a Secret''s items into an existing SealedSecret file, in place')
            [CompletionResult]::new('unseal', 'unseal', [CompletionResultType]::ParameterValue, 'Open SealedSecrets with the controller''s private keys (recovery)')
            [CompletionResult]::new('reseal', 'reseal', [CompletionResultType]::ParameterValue, 'Re-encrypt every SealedSecret in files and folders for the newest key, offline')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check offline that every SealedSecret in files and folders opens with the keys')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Show which key opens each SealedSecret item, and what still depends on each key')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Make a sealing key pair and its Secret, as the controller does (bring your own key)')
            [CompletionResult]::new('cert', 'cert', [CompletionResultType]::ParameterValue, 'Show or fetch the controller''s certificate')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print sealant''s man page, or write one page per command into a folder')
            break
        }
        'sealant;seal' {
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'The controller''s certificate: a file, an http(s):// or file:// URL')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'The scope to seal for; by default the Secret''s own annotations decide (strict when none)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The namespace; must match the Secret''s own when it has one')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The namespace; must match the Secret''s own when it has one')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Seal under this name instead of the Secret''s own')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format; by default the input''s own format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format; by default the input''s own format')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Write the output to this file (atomically) instead of standard output')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Write the output to this file (atomically) instead of standard output')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The API server''s URL')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates for the API server')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'A client certificate file for TLS authentication')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The client certificate''s key file')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)')
            [CompletionResult]::new('--controller-name', '--controller-name', [CompletionResultType]::ParameterName, 'Name of the controller''s Service')
            [CompletionResult]::new('--controller-namespace', '--controller-namespace', [CompletionResultType]::ParameterName, 'Namespace of the controller''s Service')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Rewrite each input file in place (atomically), Secrets replaced by SealedSecrets')
            [CompletionResult]::new('--in-place', '--in-place', [CompletionResultType]::ParameterName, 'Rewrite each input file in place (atomically), Secrets replaced by SealedSecrets')
            [CompletionResult]::new('--allow-empty-data', '--allow-empty-data', [CompletionResultType]::ParameterName, 'Seal a Secret that has no data')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sealant;raw' {
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'The controller''s certificate: a file, an http(s):// or file:// URL')
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'The file holding the value (its bytes exactly, trailing newline included)')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'The scope to seal for')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The Secret''s namespace (strict and namespace-wide scopes)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The Secret''s namespace (strict and namespace-wide scopes)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The Secret''s name (strict scope)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The API server''s URL')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates for the API server')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'A client certificate file for TLS authentication')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The client certificate''s key file')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)')
            [CompletionResult]::new('--controller-name', '--controller-name', [CompletionResultType]::ParameterName, 'Name of the controller''s Service')
            [CompletionResult]::new('--controller-namespace', '--controller-namespace', [CompletionResultType]::ParameterName, 'Namespace of the controller''s Service')
            [CompletionResult]::new('--prompt', '--prompt', [CompletionResultType]::ParameterName, 'Ask for the value on the terminal, without echo')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sealant;merge' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Read the Secret from this file instead of standard input')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'The controller''s certificate: a file, an http(s):// or file:// URL')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'The scope; by default the target''s own')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The API server''s URL')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates for the API server')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'A client certificate file for TLS authentication')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The client certificate''s key file')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)')
            [CompletionResult]::new('--controller-name', '--controller-name', [CompletionResultType]::ParameterName, 'Name of the controller''s Service')
            [CompletionResult]::new('--controller-namespace', '--controller-namespace', [CompletionResultType]::ParameterName, 'Namespace of the controller''s Service')
            [CompletionResult]::new('--allow-empty-data', '--allow-empty-data', [CompletionResultType]::ParameterName, 'Merge a Secret that has no data (changes nothing)')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
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
            [CompletionResult]::new('--to-dir', '--to-dir', [CompletionResultType]::ParameterName, 'Write each Secret to its own file in this folder, `<namespace>-<name>.yaml` (or .json), created 0600')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'sealant;reseal' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'A private key: PEM (PKCS#1 or PKCS#8), a kubernetes.io/tls Secret, or a List of them (a key backup). Repeat for several')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'A private key: PEM (PKCS#1 or PKCS#8), a kubernetes.io/tls Secret, or a List of them (a key backup). Repeat for several')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'The certificate to seal for; by default the newest of the keys'' certificates (by NotBefore)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The API server''s URL')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates for the API server')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'A client certificate file for TLS authentication')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The client certificate''s key file')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)')
            [CompletionResult]::new('--controller-name', '--controller-name', [CompletionResultType]::ParameterName, 'Name of the controller''s Service')
            [CompletionResult]::new('--controller-namespace', '--controller-namespace', [CompletionResultType]::ParameterName, 'Namespace of the controller''s Service')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Report what would change without writing anything')
            [CompletionResult]::new('--controller', '--controller', [CompletionResultType]::ParameterName, 'Re-encrypt through the controller in the cluster (its /v1/rotate) instead of with private keys')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sealant;validate' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Check offline with these private keys (PEM, tls Secrets, a key backup List); without --key the controller in the cluster is asked')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Check offline with these private keys (PEM, tls Secrets, a key backup List); without --key the controller in the cluster is asked')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The API server''s URL')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates for the API server')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'A client certificate file for TLS authentication')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The client certificate''s key file')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)')
            [CompletionResult]::new('--controller-name', '--controller-name', [CompletionResultType]::ParameterName, 'Name of the controller''s Service')
            [CompletionResult]::new('--controller-namespace', '--controller-namespace', [CompletionResultType]::ParameterName, 'Namespace of the controller''s Service')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sealant;audit' {
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'A private key: PEM (PKCS#1 or PKCS#8), a kubernetes.io/tls Secret, or a List of them (a key backup). Repeat for several')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'A private key: PEM (PKCS#1 or PKCS#8), a kubernetes.io/tls Secret, or a List of them (a key backup). Repeat for several')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sealant;keygen' {
            [CompletionResult]::new('--bits', '--bits', [CompletionResultType]::ParameterName, 'RSA key size in bits')
            [CompletionResult]::new('--validity', '--validity', [CompletionResultType]::ParameterName, 'How long the certificate is valid: days, years or hours (3650d, 10y, 87600h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'The namespace of the key Secret: the controller''s')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The namespace of the key Secret: the controller''s')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The name of the key Secret; by default sealed-secrets-key and five random characters, as the controller names them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
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
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'The controller''s certificate: a file, an http(s):// or file:// URL')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'sealant;cert;fetch' {
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'The controller''s certificate: a file, an http(s):// or file:// URL')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Write the PEM to this file (atomically) instead of standard output')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Write the PEM to this file (atomically) instead of standard output')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('--server', '--server', [CompletionResultType]::ParameterName, 'The API server''s URL')
            [CompletionResult]::new('--token', '--token', [CompletionResultType]::ParameterName, 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)')
            [CompletionResult]::new('--certificate-authority', '--certificate-authority', [CompletionResultType]::ParameterName, 'A PEM file of CA certificates for the API server')
            [CompletionResult]::new('--client-certificate', '--client-certificate', [CompletionResultType]::ParameterName, 'A client certificate file for TLS authentication')
            [CompletionResult]::new('--client-key', '--client-key', [CompletionResultType]::ParameterName, 'The client certificate''s key file')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)')
            [CompletionResult]::new('--controller-name', '--controller-name', [CompletionResultType]::ParameterName, 'Name of the controller''s Service')
            [CompletionResult]::new('--controller-namespace', '--controller-namespace', [CompletionResultType]::ParameterName, 'Namespace of the controller''s Service')
            [CompletionResult]::new('--insecure-skip-tls-verify', '--insecure-skip-tls-verify', [CompletionResultType]::ParameterName, 'Do not verify the API server''s certificate (insecure)')
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
