# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_sealant_global_optspecs
    string join \n cert= fetch-cert o/format= f/secret-file= w/sealed-secret-file= scope= raw name= n/namespace= from-file= merge-into= re-encrypt validate recovery-unseal recovery-private-key= allow-empty-data controller-name= controller-namespace= kubeconfig= context= h/help V/version
end

function __fish_sealant_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_sealant_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_sealant_using_subcommand
    set -l cmd (__fish_sealant_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c sealant -n "__fish_sealant_needs_command" -l cert -d 'Certificate file or URL to seal with' -r
complete -c sealant -n "__fish_sealant_needs_command" -s o -l format -d 'Output format: json or yaml (kubeseal\'s default is json)' -r -f -a "yaml\t'YAML, keys sorted, `---` before each document'
json\t'JSON, as kubeseal writes it'"
complete -c sealant -n "__fish_sealant_needs_command" -s f -l secret-file -d 'Input file (default: standard input)' -r -F
complete -c sealant -n "__fish_sealant_needs_command" -s w -l sealed-secret-file -d 'Output file (default: standard output); a .yaml/.yml name selects YAML' -r -F
complete -c sealant -n "__fish_sealant_needs_command" -l scope -d 'Scope: strict, namespace-wide or cluster-wide' -r
complete -c sealant -n "__fish_sealant_needs_command" -l name -d 'Name of the Secret (with --raw)' -r
complete -c sealant -n "__fish_sealant_needs_command" -s n -l namespace -d 'Namespace (the Secret\'s, or kubectl\'s -n)' -r
complete -c sealant -n "__fish_sealant_needs_command" -l from-file -d 'File holding the raw value (with --raw)' -r -F
complete -c sealant -n "__fish_sealant_needs_command" -l merge-into -d 'Merge the sealed items into this SealedSecret file, in place' -r -F
complete -c sealant -n "__fish_sealant_needs_command" -l recovery-private-key -d 'Private key file(s) for --recovery-unseal (repeat or separate with commas)' -r -F
complete -c sealant -n "__fish_sealant_needs_command" -l controller-name -d 'Name of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_needs_command" -l controller-namespace -d 'Namespace of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_needs_command" -l kubeconfig -d 'Path to the kubeconfig file' -r -F
complete -c sealant -n "__fish_sealant_needs_command" -l context -d 'The kubeconfig context to use' -r
complete -c sealant -n "__fish_sealant_needs_command" -l fetch-cert -d 'Print the certificate (needs --cert without a cluster)'
complete -c sealant -n "__fish_sealant_needs_command" -l raw -d 'Seal one raw value (from --from-file or standard input)'
complete -c sealant -n "__fish_sealant_needs_command" -l re-encrypt -d 'Re-encrypt a SealedSecret with the controller\'s newest key (needs the cluster)'
complete -c sealant -n "__fish_sealant_needs_command" -l validate -d 'Ask the controller whether a SealedSecret opens (needs the cluster)'
complete -c sealant -n "__fish_sealant_needs_command" -l recovery-unseal -d 'Open SealedSecrets with --recovery-private-key and print the Secrets'
complete -c sealant -n "__fish_sealant_needs_command" -l allow-empty-data -d 'Seal a Secret that has no data'
complete -c sealant -n "__fish_sealant_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sealant -n "__fish_sealant_needs_command" -s V -l version -d 'Print version'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "seal" -d 'Seal every Secret in YAML or JSON input; pass every other document through'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "create" -d 'Build a Secret in memory (literals, files, env files, prompts) and seal it: no plaintext file is written'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "raw" -d 'Seal one value (a file, standard input or a prompt) and print only its base64'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "merge" -d 'Seal a Secret\'s items into an existing SealedSecret file, in place'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "unseal" -d 'Open SealedSecrets with the controller\'s private keys (recovery)'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "check" -d 'Find plaintext Secrets and malformed or stale SealedSecrets (CI, pre-commit)'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "cert" -d 'Show or fetch the controller\'s certificate'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "man" -d 'Print sealant\'s man page, or write one page per command into a folder'
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l cert -d 'The controller\'s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l expect-fingerprint -d 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l scope -d 'The scope to seal for; by default the Secret\'s own annotations decide (strict when none)' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -s n -l namespace -d 'The namespace; must match the Secret\'s own when it has one' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l name -d 'Seal under this name instead of the Secret\'s own' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -s o -l format -d 'Output format; by default the input\'s own format' -r -f -a "yaml\t'YAML, keys sorted, `---` before each document'
json\t'JSON, as kubeseal writes it'"
complete -c sealant -n "__fish_sealant_using_subcommand seal" -s w -l write -d 'Write the output to this file (atomically) instead of standard output' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l output-template -d 'Write one file per cluster and SealedSecret, e.g. \'{cluster}/{name}.yaml\' (also {namespace} {dir} {stem} {ext}); only SealedSecrets are written' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -s i -l in-place -d 'Rewrite each input file in place (atomically), Secrets replaced by SealedSecrets'
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l allow-empty-data -d 'Seal a Secret that has no data'
complete -c sealant -n "__fish_sealant_using_subcommand seal" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l from-literal -d 'An item from the command line (KEY=VALUE). Other users of the machine can see it in the process list: prefer --prompt or --from-file' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l from-file -d 'An item from a file ([KEY=]PATH; the key defaults to the file name); a folder adds each of its files' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l from-env-file -d 'Items from KEY=VALUE lines of a file, as kubectl reads them' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l prompt -d 'Ask for the value of KEY on the terminal, without echo, twice' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l type -d 'The Secret\'s type (default Opaque)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l cert -d 'The controller\'s certificate (same as --sealing-cert)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -s n -l namespace -d 'The Secret\'s namespace (needed unless it is sealed cluster-wide)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l label -d 'A label on the Secret (KEY=VALUE; repeat for several)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l annotation -d 'An annotation on the Secret (KEY=VALUE; repeat for several)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l scope -d 'The scope to seal for (default strict, or the matching rule\'s)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -s o -l format -d 'Output format (default yaml, or the matching rule\'s)' -r -f -a "yaml\t'YAML, keys sorted, `---` before each document'
json\t'JSON, as kubeseal writes it'"
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -s w -l write -d 'Write the SealedSecret to this file (atomically) instead of standard output' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l output-template -d 'One file per cluster, e.g. \'{cluster}/{name}.yaml\' (also {namespace} {ext})' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l sealing-cert -d 'The controller\'s certificate; repeat to seal for several clusters (NAME= names one). By default the matching rule of .sealant.yaml decides' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l expect-fingerprint -d 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -a "generic" -d 'An Opaque (or --type) Secret from literals, files, env files and prompts'
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -a "tls" -d 'A kubernetes.io/tls Secret from a certificate and its private key'
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -a "docker-registry" -d 'A kubernetes.io/dockerconfigjson Secret for pulling images, built as kubectl builds it'
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l from-literal -d 'An item from the command line (KEY=VALUE). Other users of the machine can see it in the process list: prefer --prompt or --from-file' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l from-file -d 'An item from a file ([KEY=]PATH; the key defaults to the file name); a folder adds each of its files' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l from-env-file -d 'Items from KEY=VALUE lines of a file, as kubectl reads them' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l prompt -d 'Ask for the value of KEY on the terminal, without echo, twice' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l type -d 'The Secret\'s type (default Opaque)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l cert -d 'The controller\'s certificate (same as --sealing-cert)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -s n -l namespace -d 'The Secret\'s namespace (needed unless it is sealed cluster-wide)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l label -d 'A label on the Secret (KEY=VALUE; repeat for several)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l annotation -d 'An annotation on the Secret (KEY=VALUE; repeat for several)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l scope -d 'The scope to seal for (default strict, or the matching rule\'s)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -s o -l format -d 'Output format (default yaml, or the matching rule\'s)' -r -f -a "yaml\t'YAML, keys sorted, `---` before each document'
json\t'JSON, as kubeseal writes it'"
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -s w -l write -d 'Write the SealedSecret to this file (atomically) instead of standard output' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l output-template -d 'One file per cluster, e.g. \'{cluster}/{name}.yaml\' (also {namespace} {ext})' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l sealing-cert -d 'The controller\'s certificate; repeat to seal for several clusters (NAME= names one). By default the matching rule of .sealant.yaml decides' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l expect-fingerprint -d 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l cert -d 'The PEM certificate (chain) for tls.crt. (The sealing certificate is --sealing-cert here.)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l key -d 'The PEM private key for tls.key' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -s n -l namespace -d 'The Secret\'s namespace (needed unless it is sealed cluster-wide)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l label -d 'A label on the Secret (KEY=VALUE; repeat for several)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l annotation -d 'An annotation on the Secret (KEY=VALUE; repeat for several)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l scope -d 'The scope to seal for (default strict, or the matching rule\'s)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -s o -l format -d 'Output format (default yaml, or the matching rule\'s)' -r -f -a "yaml\t'YAML, keys sorted, `---` before each document'
json\t'JSON, as kubeseal writes it'"
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -s w -l write -d 'Write the SealedSecret to this file (atomically) instead of standard output' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l output-template -d 'One file per cluster, e.g. \'{cluster}/{name}.yaml\' (also {namespace} {ext})' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l sealing-cert -d 'The controller\'s certificate; repeat to seal for several clusters (NAME= names one). By default the matching rule of .sealant.yaml decides' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l expect-fingerprint -d 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l docker-server -d 'The registry' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l docker-username -d 'The user name' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l docker-password -d 'The password (visible to other users in the process list: prefer --prompt)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l docker-email -d 'The e-mail address (optional)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l cert -d 'The controller\'s certificate (same as --sealing-cert)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -s n -l namespace -d 'The Secret\'s namespace (needed unless it is sealed cluster-wide)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l label -d 'A label on the Secret (KEY=VALUE; repeat for several)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l annotation -d 'An annotation on the Secret (KEY=VALUE; repeat for several)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l scope -d 'The scope to seal for (default strict, or the matching rule\'s)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -s o -l format -d 'Output format (default yaml, or the matching rule\'s)' -r -f -a "yaml\t'YAML, keys sorted, `---` before each document'
json\t'JSON, as kubeseal writes it'"
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -s w -l write -d 'Write the SealedSecret to this file (atomically) instead of standard output' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l output-template -d 'One file per cluster, e.g. \'{cluster}/{name}.yaml\' (also {namespace} {ext})' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l sealing-cert -d 'The controller\'s certificate; repeat to seal for several clusters (NAME= names one). By default the matching rule of .sealant.yaml decides' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l expect-fingerprint -d 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l prompt -d 'Ask for the password on the terminal, without echo, twice'
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l cert -d 'The controller\'s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l expect-fingerprint -d 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l from-file -d 'The file holding the value (its bytes exactly, trailing newline included)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l scope -d 'The scope to seal for' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -s n -l namespace -d 'The Secret\'s namespace (strict and namespace-wide scopes)' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l name -d 'The Secret\'s name (strict scope)' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l prompt -d 'Ask for the value on the terminal, without echo'
complete -c sealant -n "__fish_sealant_using_subcommand raw" -s h -l help -d 'Print help'
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l from -d 'Read the Secret from this file instead of standard input' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l cert -d 'The controller\'s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides' -r
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l expect-fingerprint -d 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml' -r
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l scope -d 'The scope; by default the target\'s own' -r
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l allow-empty-data -d 'Merge a Secret that has no data (changes nothing)'
complete -c sealant -n "__fish_sealant_using_subcommand merge" -s h -l help -d 'Print help'
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -s k -l key -d 'A private key: PEM (PKCS#1 or PKCS#8), a kubernetes.io/tls Secret, or a List of them (a key backup). Repeat for several' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -s o -l format -d 'Output format; by default the input\'s own format' -r -f -a "yaml\t'YAML, keys sorted, `---` before each document'
json\t'JSON, as kubeseal writes it'"
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -s w -l write -d 'Write the Secrets to this file (created 0600) instead of standard output' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sealant -n "__fish_sealant_using_subcommand check" -s o -l format -d 'Report format' -r -f -a "text\t'One line per problem: `file:line: what is wrong: what to do`'
json\t'One JSON object with every finding, for machines'"
complete -c sealant -n "__fish_sealant_using_subcommand check" -l require-cert-record -d 'Also report SealedSecrets that do not record their certificate (sealant.dev/cert-sha256) where the rules expect one'
complete -c sealant -n "__fish_sealant_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sealant -n "__fish_sealant_using_subcommand cert; and not __fish_seen_subcommand_from show fetch" -s h -l help -d 'Print help'
complete -c sealant -n "__fish_sealant_using_subcommand cert; and not __fish_seen_subcommand_from show fetch" -f -a "show" -d 'Print a certificate\'s SHA-256 fingerprint, subject, validity and key size'
complete -c sealant -n "__fish_sealant_using_subcommand cert; and not __fish_seen_subcommand_from show fetch" -f -a "fetch" -d 'Fetch the certificate and write it as PEM'
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from show" -l cert -d 'The controller\'s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from show" -l expect-fingerprint -d 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l cert -d 'The controller\'s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l expect-fingerprint -d 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -s w -l write -d 'Write the PEM to this file (atomically) instead of standard output' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l cluster -d 'The cluster of .sealant.yaml to fetch for (its cert) and to pin' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l pin -d 'Pin the fetched certificate: write its fingerprint into .sealant.yaml as the cluster\'s only one (the file is created when missing). The PEM is then printed only with -w'
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -s h -l help -d 'Print help'
complete -c sealant -n "__fish_sealant_using_subcommand completions" -s h -l help -d 'Print help'
complete -c sealant -n "__fish_sealant_using_subcommand man" -l dir -d 'Write one page per command into this folder instead of printing sealant(1)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand man" -s h -l help -d 'Print help'
