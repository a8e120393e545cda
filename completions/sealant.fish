# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_sealant_global_optspecs
    string join \n cert= fetch-cert o/format= f/secret-file= w/sealed-secret-file= scope= raw name= n/namespace= from-file= merge-into= re-encrypt validate recovery-unseal recovery-private-key= allow-empty-data kubeconfig= context= cluster= user= s/server= as= as-group= as-uid= username= password= tls-server-name= proxy-url= disable-compression token= certificate-authority= client-certificate= client-key= insecure-skip-tls-verify request-timeout= controller-name= controller-namespace= v/v= add_dir_header= alsologtostderr= log_backtrace_at= log_dir= log_file= log_file_max_size= logtostderr= one_output= skip_headers= skip_log_headers= stderrthreshold= vmodule= h/help V/version
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
complete -c sealant -n "__fish_sealant_needs_command" -s o -l format -d 'Output format: json or yaml, in any case (kubeseal\'s default is json)' -r -f -a "json\t''
yaml\t''"
complete -c sealant -n "__fish_sealant_needs_command" -s f -l secret-file -d 'Input file (default: standard input)' -r -F
complete -c sealant -n "__fish_sealant_needs_command" -s w -l sealed-secret-file -d 'Output file (default: standard output), written only when the run succeeds; a .yaml/.yml name selects YAML' -r -F
complete -c sealant -n "__fish_sealant_needs_command" -l scope -d 'Scope: strict (the default, so the Secret\'s scope annotations decide), namespace-wide or cluster-wide; empty means the default' -r -f -a "strict\t''
namespace-wide\t''
cluster-wide\t''"
complete -c sealant -n "__fish_sealant_needs_command" -l name -d 'Name of the Secret: with --raw, and when sealing, instead of the Secret\'s own' -r
complete -c sealant -n "__fish_sealant_needs_command" -s n -l namespace -d 'Namespace (the Secret\'s, or kubectl\'s -n); a ns/, namespace/ or namespaces/ prefix is dropped, as kubectl does' -r
complete -c sealant -n "__fish_sealant_needs_command" -l from-file -d 'File holding the raw value, [KEY=]PATH as kubectl writes it (only with --raw, once)' -r
complete -c sealant -n "__fish_sealant_needs_command" -l merge-into -d 'Merge the sealed items into this SealedSecret file, in place' -r -F
complete -c sealant -n "__fish_sealant_needs_command" -l recovery-private-key -d 'Private key file(s) for --recovery-unseal (repeat or separate with commas)' -r -F
complete -c sealant -n "__fish_sealant_needs_command" -l kubeconfig -d 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)' -r -F
complete -c sealant -n "__fish_sealant_needs_command" -l context -d 'The kubeconfig context to use (given twice, the last one wins, as with kubectl; `cert fetch --pin` pins each one given)' -r
complete -c sealant -n "__fish_sealant_needs_command" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c sealant -n "__fish_sealant_needs_command" -l user -d 'The kubeconfig user to use' -r
complete -c sealant -n "__fish_sealant_needs_command" -s s -l server -d 'The API server\'s URL' -r
complete -c sealant -n "__fish_sealant_needs_command" -l as -d 'Username to impersonate for the operation (sends Impersonate-User, as kubectl)' -r
complete -c sealant -n "__fish_sealant_needs_command" -l as-group -d 'Group to impersonate for the operation; repeat it for several groups' -r
complete -c sealant -n "__fish_sealant_needs_command" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c sealant -n "__fish_sealant_needs_command" -l username -d 'Username for basic authentication to the API server' -r
complete -c sealant -n "__fish_sealant_needs_command" -l password -d 'Password for basic authentication (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_needs_command" -l tls-server-name -d 'Server name to check the API server\'s certificate against (default: the server URL\'s host)' -r
complete -c sealant -n "__fish_sealant_needs_command" -l proxy-url -d 'Proxy for requests to the API server (http, https or socks5; wins over the kubeconfig and HTTPS_PROXY)' -r
complete -c sealant -n "__fish_sealant_needs_command" -l token -d 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_needs_command" -l certificate-authority -d 'A PEM file of CA certificates for the API server' -r -F
complete -c sealant -n "__fish_sealant_needs_command" -l client-certificate -d 'A client certificate file for TLS authentication' -r -F
complete -c sealant -n "__fish_sealant_needs_command" -l client-key -d 'The client certificate\'s key file' -r -F
complete -c sealant -n "__fish_sealant_needs_command" -l request-timeout -d 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)' -r
complete -c sealant -n "__fish_sealant_needs_command" -l controller-name -d 'Name of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_needs_command" -l controller-namespace -d 'Namespace of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_needs_command" -s v -l v -d 'How much sealant reports on standard error: 0 errors only, 1 or more also what was read and written' -r
complete -c sealant -n "__fish_sealant_needs_command" -l add_dir_header -d 'No effect (klog)' -r -f -a "true\t''
false\t''"
complete -c sealant -n "__fish_sealant_needs_command" -l alsologtostderr -d 'No effect (klog)' -r -f -a "true\t''
false\t''"
complete -c sealant -n "__fish_sealant_needs_command" -l log_backtrace_at -d 'No effect (klog)' -r
complete -c sealant -n "__fish_sealant_needs_command" -l log_dir -d 'No effect (klog)' -r
complete -c sealant -n "__fish_sealant_needs_command" -l log_file -d 'No effect (klog)' -r
complete -c sealant -n "__fish_sealant_needs_command" -l log_file_max_size -d 'No effect (klog)' -r
complete -c sealant -n "__fish_sealant_needs_command" -l logtostderr -d 'No effect (klog)' -r -f -a "true\t''
false\t''"
complete -c sealant -n "__fish_sealant_needs_command" -l one_output -d 'No effect (klog)' -r -f -a "true\t''
false\t''"
complete -c sealant -n "__fish_sealant_needs_command" -l skip_headers -d 'No effect (klog)' -r -f -a "true\t''
false\t''"
complete -c sealant -n "__fish_sealant_needs_command" -l skip_log_headers -d 'No effect (klog)' -r -f -a "true\t''
false\t''"
complete -c sealant -n "__fish_sealant_needs_command" -l stderrthreshold -d 'No effect (klog)' -r
complete -c sealant -n "__fish_sealant_needs_command" -l vmodule -d 'No effect (klog)' -r
complete -c sealant -n "__fish_sealant_needs_command" -l fetch-cert -d 'Print the controller\'s certificate (from --cert, or the cluster), byte for byte'
complete -c sealant -n "__fish_sealant_needs_command" -l raw -d 'Seal one raw value (from --from-file or standard input)'
complete -c sealant -n "__fish_sealant_needs_command" -l re-encrypt -d 'Re-encrypt SealedSecrets with the controller\'s newest key (through the cluster); --rotate is its old name'
complete -c sealant -n "__fish_sealant_needs_command" -l validate -d 'Ask the controller whether SealedSecrets open (through the cluster); prints nothing when they do'
complete -c sealant -n "__fish_sealant_needs_command" -l recovery-unseal -d 'Open SealedSecrets with --recovery-private-key and print the Secrets'
complete -c sealant -n "__fish_sealant_needs_command" -l allow-empty-data -d 'Seal a Secret that has no data'
complete -c sealant -n "__fish_sealant_needs_command" -l disable-compression -d 'Ask the API server for uncompressed responses'
complete -c sealant -n "__fish_sealant_needs_command" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c sealant -n "__fish_sealant_needs_command" -s h -l help -d 'Print help'
complete -c sealant -n "__fish_sealant_needs_command" -s V -l version -d 'Print version'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "seal" -d 'Seal every Secret in YAML or JSON input; pass every other document through'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "create" -d 'Build a Secret in memory (literals, files, env files, prompts) and seal it: no plaintext file is written'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "raw" -d 'Seal one value (a file, standard input or a prompt) and print only its base64'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "merge" -d 'Seal a Secret\'s items into an existing SealedSecret file, in place'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "unseal" -d 'Open SealedSecrets with the controller\'s private keys (recovery)'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "cat" -d 'Print the Secrets of a SealedSecret file, decoded (values to standard output only)'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "edit" -d 'Edit a SealedSecret in $VISUAL/$EDITOR as a readable Secret, and seal the changes in place'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "reseal" -d 'Re-encrypt every SealedSecret in files and folders for the newest key, offline'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "validate" -d 'Check offline that every SealedSecret in files and folders opens with the keys'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "audit" -d 'Show which key opens each SealedSecret item, and what still depends on each key'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "keygen" -d 'Make a sealing key pair and its Secret, as the controller does (bring your own key)'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "check" -d 'Find plaintext Secrets and malformed or stale SealedSecrets (CI, pre-commit)'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "diff" -d 'Print a SealedSecret file for review, one line per item: a git textconv driver (diff=sealant)'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "cert" -d 'Show or fetch the controller\'s certificate'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "keys" -d 'Back up the controller\'s private keys from the cluster, or list keys and which one seals'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c sealant -n "__fish_sealant_needs_command" -f -a "man" -d 'Print sealant\'s man page, or write one page per command into a folder'
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l cert -d 'The controller\'s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l expect-fingerprint -d 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l scope -d 'The scope to seal for; by default the Secret\'s own annotations decide (strict when none)' -r -f -a "strict\t''
namespace-wide\t''
cluster-wide\t''"
complete -c sealant -n "__fish_sealant_using_subcommand seal" -s n -l namespace -d 'The namespace; must match the Secret\'s own when it has one' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l name -d 'Seal under this name instead of the Secret\'s own' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -s o -l format -d 'Output format; by default the input\'s own format' -r -f -a "yaml\t'YAML, keys sorted, `---` before each document'
json\t'JSON, as kubeseal writes it'"
complete -c sealant -n "__fish_sealant_using_subcommand seal" -s w -l write -d 'Write the output to this file (atomically) instead of standard output' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l kubeconfig -d 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l context -d 'The kubeconfig context to use (given twice, the last one wins, as with kubectl; `cert fetch --pin` pins each one given)' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l user -d 'The kubeconfig user to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -s s -l server -d 'The API server\'s URL' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l as -d 'Username to impersonate for the operation (sends Impersonate-User, as kubectl)' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l as-group -d 'Group to impersonate for the operation; repeat it for several groups' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l username -d 'Username for basic authentication to the API server' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l password -d 'Password for basic authentication (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l tls-server-name -d 'Server name to check the API server\'s certificate against (default: the server URL\'s host)' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l proxy-url -d 'Proxy for requests to the API server (http, https or socks5; wins over the kubeconfig and HTTPS_PROXY)' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l token -d 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l certificate-authority -d 'A PEM file of CA certificates for the API server' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l client-certificate -d 'A client certificate file for TLS authentication' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l client-key -d 'The client certificate\'s key file' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l request-timeout -d 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l controller-name -d 'Name of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l controller-namespace -d 'Namespace of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l output-template -d 'Write one file per cluster and SealedSecret, e.g. \'{cluster}/{name}.yaml\' (also {namespace} {dir} {stem} {ext}); only SealedSecrets are written' -r
complete -c sealant -n "__fish_sealant_using_subcommand seal" -s i -l in-place -d 'Rewrite each input file in place (atomically), Secrets replaced by SealedSecrets'
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l allow-empty-data -d 'Seal a Secret that has no data'
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l disable-compression -d 'Ask the API server for uncompressed responses'
complete -c sealant -n "__fish_sealant_using_subcommand seal" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
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
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l scope -d 'The scope to seal for (default strict, or the matching rule\'s)' -r -f -a "strict\t''
namespace-wide\t''
cluster-wide\t''"
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -s o -l format -d 'Output format (default yaml, or the matching rule\'s)' -r -f -a "yaml\t'YAML, keys sorted, `---` before each document'
json\t'JSON, as kubeseal writes it'"
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -s w -l write -d 'Write the SealedSecret to this file (atomically) instead of standard output' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l output-template -d 'One file per cluster, e.g. \'{cluster}/{name}.yaml\' (also {namespace} {ext})' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l sealing-cert -d 'The controller\'s certificate; repeat to seal for several clusters (NAME= names one). By default the matching rule of .sealant.yaml decides' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l expect-fingerprint -d 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l kubeconfig -d 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l context -d 'The kubeconfig context to use (given twice, the last one wins, as with kubectl; `cert fetch --pin` pins each one given)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l user -d 'The kubeconfig user to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -s s -l server -d 'The API server\'s URL' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l as -d 'Username to impersonate for the operation (sends Impersonate-User, as kubectl)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l as-group -d 'Group to impersonate for the operation; repeat it for several groups' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l username -d 'Username for basic authentication to the API server' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l password -d 'Password for basic authentication (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l tls-server-name -d 'Server name to check the API server\'s certificate against (default: the server URL\'s host)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l proxy-url -d 'Proxy for requests to the API server (http, https or socks5; wins over the kubeconfig and HTTPS_PROXY)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l token -d 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l certificate-authority -d 'A PEM file of CA certificates for the API server' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l client-certificate -d 'A client certificate file for TLS authentication' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l client-key -d 'The client certificate\'s key file' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l request-timeout -d 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l controller-name -d 'Name of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l controller-namespace -d 'Namespace of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -s i -l interactive -d 'Ask on the terminal for the context, namespace, name, type and items (values without echo, twice); refused when standard input is not a terminal'
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l disable-compression -d 'Ask the API server for uncompressed responses'
complete -c sealant -n "__fish_sealant_using_subcommand create; and not __fish_seen_subcommand_from generic tls docker-registry" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
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
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l scope -d 'The scope to seal for (default strict, or the matching rule\'s)' -r -f -a "strict\t''
namespace-wide\t''
cluster-wide\t''"
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -s o -l format -d 'Output format (default yaml, or the matching rule\'s)' -r -f -a "yaml\t'YAML, keys sorted, `---` before each document'
json\t'JSON, as kubeseal writes it'"
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -s w -l write -d 'Write the SealedSecret to this file (atomically) instead of standard output' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l output-template -d 'One file per cluster, e.g. \'{cluster}/{name}.yaml\' (also {namespace} {ext})' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l sealing-cert -d 'The controller\'s certificate; repeat to seal for several clusters (NAME= names one). By default the matching rule of .sealant.yaml decides' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l expect-fingerprint -d 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l kubeconfig -d 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l context -d 'The kubeconfig context to use (given twice, the last one wins, as with kubectl; `cert fetch --pin` pins each one given)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l user -d 'The kubeconfig user to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -s s -l server -d 'The API server\'s URL' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l as -d 'Username to impersonate for the operation (sends Impersonate-User, as kubectl)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l as-group -d 'Group to impersonate for the operation; repeat it for several groups' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l username -d 'Username for basic authentication to the API server' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l password -d 'Password for basic authentication (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l tls-server-name -d 'Server name to check the API server\'s certificate against (default: the server URL\'s host)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l proxy-url -d 'Proxy for requests to the API server (http, https or socks5; wins over the kubeconfig and HTTPS_PROXY)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l token -d 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l certificate-authority -d 'A PEM file of CA certificates for the API server' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l client-certificate -d 'A client certificate file for TLS authentication' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l client-key -d 'The client certificate\'s key file' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l request-timeout -d 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l controller-name -d 'Name of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l controller-namespace -d 'Namespace of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -s i -l interactive -d 'Ask on the terminal for the context, namespace, name, type and items (values without echo, twice); refused when standard input is not a terminal'
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l disable-compression -d 'Ask the API server for uncompressed responses'
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from generic" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l cert -d 'The PEM certificate (chain) for tls.crt. (The sealing certificate is --sealing-cert here.)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l key -d 'The PEM private key for tls.key' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -s n -l namespace -d 'The Secret\'s namespace (needed unless it is sealed cluster-wide)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l label -d 'A label on the Secret (KEY=VALUE; repeat for several)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l annotation -d 'An annotation on the Secret (KEY=VALUE; repeat for several)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l scope -d 'The scope to seal for (default strict, or the matching rule\'s)' -r -f -a "strict\t''
namespace-wide\t''
cluster-wide\t''"
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -s o -l format -d 'Output format (default yaml, or the matching rule\'s)' -r -f -a "yaml\t'YAML, keys sorted, `---` before each document'
json\t'JSON, as kubeseal writes it'"
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -s w -l write -d 'Write the SealedSecret to this file (atomically) instead of standard output' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l output-template -d 'One file per cluster, e.g. \'{cluster}/{name}.yaml\' (also {namespace} {ext})' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l sealing-cert -d 'The controller\'s certificate; repeat to seal for several clusters (NAME= names one). By default the matching rule of .sealant.yaml decides' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l expect-fingerprint -d 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l kubeconfig -d 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l context -d 'The kubeconfig context to use (given twice, the last one wins, as with kubectl; `cert fetch --pin` pins each one given)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l user -d 'The kubeconfig user to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -s s -l server -d 'The API server\'s URL' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l as -d 'Username to impersonate for the operation (sends Impersonate-User, as kubectl)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l as-group -d 'Group to impersonate for the operation; repeat it for several groups' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l username -d 'Username for basic authentication to the API server' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l password -d 'Password for basic authentication (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l tls-server-name -d 'Server name to check the API server\'s certificate against (default: the server URL\'s host)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l proxy-url -d 'Proxy for requests to the API server (http, https or socks5; wins over the kubeconfig and HTTPS_PROXY)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l token -d 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l certificate-authority -d 'A PEM file of CA certificates for the API server' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l client-certificate -d 'A client certificate file for TLS authentication' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l client-key -d 'The client certificate\'s key file' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l request-timeout -d 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l controller-name -d 'Name of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l controller-namespace -d 'Namespace of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l disable-compression -d 'Ask the API server for uncompressed responses'
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from tls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l docker-server -d 'The registry' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l docker-username -d 'The user name' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l docker-password -d 'The password (visible to other users in the process list: prefer --prompt)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l docker-email -d 'The e-mail address (optional)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l cert -d 'The controller\'s certificate (same as --sealing-cert)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -s n -l namespace -d 'The Secret\'s namespace (needed unless it is sealed cluster-wide)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l label -d 'A label on the Secret (KEY=VALUE; repeat for several)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l annotation -d 'An annotation on the Secret (KEY=VALUE; repeat for several)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l scope -d 'The scope to seal for (default strict, or the matching rule\'s)' -r -f -a "strict\t''
namespace-wide\t''
cluster-wide\t''"
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -s o -l format -d 'Output format (default yaml, or the matching rule\'s)' -r -f -a "yaml\t'YAML, keys sorted, `---` before each document'
json\t'JSON, as kubeseal writes it'"
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -s w -l write -d 'Write the SealedSecret to this file (atomically) instead of standard output' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l output-template -d 'One file per cluster, e.g. \'{cluster}/{name}.yaml\' (also {namespace} {ext})' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l sealing-cert -d 'The controller\'s certificate; repeat to seal for several clusters (NAME= names one). By default the matching rule of .sealant.yaml decides' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l expect-fingerprint -d 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l kubeconfig -d 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l context -d 'The kubeconfig context to use (given twice, the last one wins, as with kubectl; `cert fetch --pin` pins each one given)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l user -d 'The kubeconfig user to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -s s -l server -d 'The API server\'s URL' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l as -d 'Username to impersonate for the operation (sends Impersonate-User, as kubectl)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l as-group -d 'Group to impersonate for the operation; repeat it for several groups' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l username -d 'Username for basic authentication to the API server' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l password -d 'Password for basic authentication (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l tls-server-name -d 'Server name to check the API server\'s certificate against (default: the server URL\'s host)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l proxy-url -d 'Proxy for requests to the API server (http, https or socks5; wins over the kubeconfig and HTTPS_PROXY)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l token -d 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l certificate-authority -d 'A PEM file of CA certificates for the API server' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l client-certificate -d 'A client certificate file for TLS authentication' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l client-key -d 'The client certificate\'s key file' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l request-timeout -d 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l controller-name -d 'Name of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l controller-namespace -d 'Namespace of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l prompt -d 'Ask for the password on the terminal, without echo, twice'
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l disable-compression -d 'Ask the API server for uncompressed responses'
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c sealant -n "__fish_sealant_using_subcommand create; and __fish_seen_subcommand_from docker-registry" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l cert -d 'The controller\'s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l expect-fingerprint -d 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l from-file -d 'The file holding the value (its bytes exactly, trailing newline included)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l scope -d 'The scope to seal for' -r -f -a "strict\t''
namespace-wide\t''
cluster-wide\t''"
complete -c sealant -n "__fish_sealant_using_subcommand raw" -s n -l namespace -d 'The Secret\'s namespace (strict and namespace-wide scopes)' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l name -d 'The Secret\'s name (strict scope)' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l kubeconfig -d 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l context -d 'The kubeconfig context to use (given twice, the last one wins, as with kubectl; `cert fetch --pin` pins each one given)' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l user -d 'The kubeconfig user to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -s s -l server -d 'The API server\'s URL' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l as -d 'Username to impersonate for the operation (sends Impersonate-User, as kubectl)' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l as-group -d 'Group to impersonate for the operation; repeat it for several groups' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l username -d 'Username for basic authentication to the API server' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l password -d 'Password for basic authentication (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l tls-server-name -d 'Server name to check the API server\'s certificate against (default: the server URL\'s host)' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l proxy-url -d 'Proxy for requests to the API server (http, https or socks5; wins over the kubeconfig and HTTPS_PROXY)' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l token -d 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l certificate-authority -d 'A PEM file of CA certificates for the API server' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l client-certificate -d 'A client certificate file for TLS authentication' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l client-key -d 'The client certificate\'s key file' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l request-timeout -d 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l controller-name -d 'Name of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l controller-namespace -d 'Namespace of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l prompt -d 'Ask for the value on the terminal, without echo'
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l disable-compression -d 'Ask the API server for uncompressed responses'
complete -c sealant -n "__fish_sealant_using_subcommand raw" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c sealant -n "__fish_sealant_using_subcommand raw" -s h -l help -d 'Print help'
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l from -d 'Read the Secret from this file instead of standard input' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l cert -d 'The controller\'s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides' -r
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l expect-fingerprint -d 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml' -r
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l scope -d 'The scope; by default the target\'s own' -r -f -a "strict\t''
namespace-wide\t''
cluster-wide\t''"
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l kubeconfig -d 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l context -d 'The kubeconfig context to use (given twice, the last one wins, as with kubectl; `cert fetch --pin` pins each one given)' -r
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l user -d 'The kubeconfig user to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand merge" -s s -l server -d 'The API server\'s URL' -r
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l as -d 'Username to impersonate for the operation (sends Impersonate-User, as kubectl)' -r
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l as-group -d 'Group to impersonate for the operation; repeat it for several groups' -r
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l username -d 'Username for basic authentication to the API server' -r
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l password -d 'Password for basic authentication (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l tls-server-name -d 'Server name to check the API server\'s certificate against (default: the server URL\'s host)' -r
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l proxy-url -d 'Proxy for requests to the API server (http, https or socks5; wins over the kubeconfig and HTTPS_PROXY)' -r
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l token -d 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l certificate-authority -d 'A PEM file of CA certificates for the API server' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l client-certificate -d 'A client certificate file for TLS authentication' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l client-key -d 'The client certificate\'s key file' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l request-timeout -d 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)' -r
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l controller-name -d 'Name of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l controller-namespace -d 'Namespace of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l allow-empty-data -d 'Merge a Secret that has no data (changes nothing)'
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l disable-compression -d 'Ask the API server for uncompressed responses'
complete -c sealant -n "__fish_sealant_using_subcommand merge" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c sealant -n "__fish_sealant_using_subcommand merge" -s h -l help -d 'Print help'
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -s k -l key -d 'A private key: PEM (PKCS#1 or PKCS#8), a kubernetes.io/tls Secret, or a List of them (a key backup). Repeat for several' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -s o -l format -d 'Output format; by default the input\'s own format' -r -f -a "yaml\t'YAML, keys sorted, `---` before each document'
json\t'JSON, as kubeseal writes it'"
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -s w -l write -d 'Write the Secrets to this file (created 0600) instead of standard output' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l to-dir -d 'Write each Secret to its own file in this folder, `<namespace>-<name>.yaml` (or .json), created 0600' -r -f -a "(__fish_complete_directories)"
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l kubeconfig -d 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l context -d 'The kubeconfig context to use (given twice, the last one wins, as with kubectl; `cert fetch --pin` pins each one given)' -r
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l user -d 'The kubeconfig user to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -s s -l server -d 'The API server\'s URL' -r
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l as -d 'Username to impersonate for the operation (sends Impersonate-User, as kubectl)' -r
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l as-group -d 'Group to impersonate for the operation; repeat it for several groups' -r
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l username -d 'Username for basic authentication to the API server' -r
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l password -d 'Password for basic authentication (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l tls-server-name -d 'Server name to check the API server\'s certificate against (default: the server URL\'s host)' -r
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l proxy-url -d 'Proxy for requests to the API server (http, https or socks5; wins over the kubeconfig and HTTPS_PROXY)' -r
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l token -d 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l certificate-authority -d 'A PEM file of CA certificates for the API server' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l client-certificate -d 'A client certificate file for TLS authentication' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l client-key -d 'The client certificate\'s key file' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l request-timeout -d 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)' -r
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l controller-name -d 'Name of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l controller-namespace -d 'Namespace of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l keys-from-cluster -d 'Fetch the controller\'s key Secrets from the cluster (`get secrets` in --controller-namespace) and use them, in memory only: nothing is written'
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l follow -d 'Follow symbolic links that lead out of the folders walked (by default such links are skipped with a note, as ripgrep does without --follow)'
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l disable-compression -d 'Ask the API server for uncompressed responses'
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c sealant -n "__fish_sealant_using_subcommand unseal" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sealant -n "__fish_sealant_using_subcommand cat" -s k -l key -d 'A private key: PEM (PKCS#1 or PKCS#8), a kubernetes.io/tls Secret, or a List of them (a key backup). Repeat for several' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand cat" -l item -d 'Print only this item\'s value, its exact bytes (no newline added)' -r
complete -c sealant -n "__fish_sealant_using_subcommand cat" -s o -l format -d 'Output format' -r -f -a "yaml\t'Secrets as YAML documents (text as stringData, binary as base64 under data)'
json\t'Secrets as JSON (several in a v1 List)'
env\t'Shell-quoted KEY=value lines'"
complete -c sealant -n "__fish_sealant_using_subcommand cat" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sealant -n "__fish_sealant_using_subcommand edit" -s k -l key -d 'A private key that opens the SealedSecret: PEM, a kubernetes.io/tls Secret, or a List of them (a key backup). Repeat for several. Without one the edit is blind: sealed values show as placeholders' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l new -d 'Start a new Secret of this name in the editor and write its SealedSecret to FILE (which must not exist)' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -s n -l namespace -d 'The new Secret\'s namespace (with --new)' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l scope -d 'The scope of the new Secret (with --new; default strict)' -r -f -a "strict\t''
namespace-wide\t''
cluster-wide\t''"
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l document -d 'Edit the Nth document of the file (1-based) when it holds several SealedSecrets' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l name -d 'Edit the SealedSecret of this name when the file holds several' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l cert -d 'The controller\'s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l expect-fingerprint -d 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l kubeconfig -d 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l context -d 'The kubeconfig context to use (given twice, the last one wins, as with kubectl; `cert fetch --pin` pins each one given)' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l user -d 'The kubeconfig user to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -s s -l server -d 'The API server\'s URL' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l as -d 'Username to impersonate for the operation (sends Impersonate-User, as kubectl)' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l as-group -d 'Group to impersonate for the operation; repeat it for several groups' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l username -d 'Username for basic authentication to the API server' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l password -d 'Password for basic authentication (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l tls-server-name -d 'Server name to check the API server\'s certificate against (default: the server URL\'s host)' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l proxy-url -d 'Proxy for requests to the API server (http, https or socks5; wins over the kubeconfig and HTTPS_PROXY)' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l token -d 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l certificate-authority -d 'A PEM file of CA certificates for the API server' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l client-certificate -d 'A client certificate file for TLS authentication' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l client-key -d 'The client certificate\'s key file' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l request-timeout -d 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l controller-name -d 'Name of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l controller-namespace -d 'Namespace of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l disable-compression -d 'Ask the API server for uncompressed responses'
complete -c sealant -n "__fish_sealant_using_subcommand edit" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c sealant -n "__fish_sealant_using_subcommand edit" -s h -l help -d 'Print help'
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -s k -l key -d 'A private key: PEM (PKCS#1 or PKCS#8), a kubernetes.io/tls Secret, or a List of them (a key backup). Repeat for several' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l cert -d 'The certificate to seal for; by default the newest of the keys\' certificates (by NotBefore)' -r
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l format -d 'The report\'s format: text for people, json (one object with every diagnostic) for scripts' -r -f -a "text\t'Tables for people'
json\t'JSON for scripts'"
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l kubeconfig -d 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l context -d 'The kubeconfig context to use (given twice, the last one wins, as with kubectl; `cert fetch --pin` pins each one given)' -r
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l user -d 'The kubeconfig user to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -s s -l server -d 'The API server\'s URL' -r
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l as -d 'Username to impersonate for the operation (sends Impersonate-User, as kubectl)' -r
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l as-group -d 'Group to impersonate for the operation; repeat it for several groups' -r
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l username -d 'Username for basic authentication to the API server' -r
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l password -d 'Password for basic authentication (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l tls-server-name -d 'Server name to check the API server\'s certificate against (default: the server URL\'s host)' -r
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l proxy-url -d 'Proxy for requests to the API server (http, https or socks5; wins over the kubeconfig and HTTPS_PROXY)' -r
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l token -d 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l certificate-authority -d 'A PEM file of CA certificates for the API server' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l client-certificate -d 'A client certificate file for TLS authentication' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l client-key -d 'The client certificate\'s key file' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l request-timeout -d 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)' -r
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l controller-name -d 'Name of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l controller-namespace -d 'Namespace of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l keys-from-cluster -d 'Fetch the controller\'s key Secrets from the cluster (`get secrets` in --controller-namespace) and use them, in memory only: nothing is written'
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l dry-run -d 'Report what would change without writing anything'
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l controller -d 'Re-encrypt through the controller in the cluster (its /v1/rotate) instead of with private keys'
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l follow -d 'Follow symbolic links that lead out of the folders walked (by default such links are skipped with a note, as ripgrep does without --follow)'
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l disable-compression -d 'Ask the API server for uncompressed responses'
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c sealant -n "__fish_sealant_using_subcommand reseal" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sealant -n "__fish_sealant_using_subcommand validate" -s k -l key -d 'Check offline with these private keys (PEM, tls Secrets, a key backup List); without --key the controller in the cluster is asked' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l format -d 'The report\'s format: text for people, json (one object with every diagnostic) for scripts' -r -f -a "text\t'Tables for people'
json\t'JSON for scripts'"
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l kubeconfig -d 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l context -d 'The kubeconfig context to use (given twice, the last one wins, as with kubectl; `cert fetch --pin` pins each one given)' -r
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l user -d 'The kubeconfig user to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand validate" -s s -l server -d 'The API server\'s URL' -r
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l as -d 'Username to impersonate for the operation (sends Impersonate-User, as kubectl)' -r
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l as-group -d 'Group to impersonate for the operation; repeat it for several groups' -r
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l username -d 'Username for basic authentication to the API server' -r
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l password -d 'Password for basic authentication (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l tls-server-name -d 'Server name to check the API server\'s certificate against (default: the server URL\'s host)' -r
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l proxy-url -d 'Proxy for requests to the API server (http, https or socks5; wins over the kubeconfig and HTTPS_PROXY)' -r
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l token -d 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l certificate-authority -d 'A PEM file of CA certificates for the API server' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l client-certificate -d 'A client certificate file for TLS authentication' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l client-key -d 'The client certificate\'s key file' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l request-timeout -d 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)' -r
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l controller-name -d 'Name of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l controller-namespace -d 'Namespace of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l keys-from-cluster -d 'Fetch the controller\'s key Secrets from the cluster (`get secrets` in --controller-namespace) and use them, in memory only: nothing is written'
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l follow -d 'Follow symbolic links that lead out of the folders walked (by default such links are skipped with a note, as ripgrep does without --follow)'
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l disable-compression -d 'Ask the API server for uncompressed responses'
complete -c sealant -n "__fish_sealant_using_subcommand validate" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c sealant -n "__fish_sealant_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sealant -n "__fish_sealant_using_subcommand audit" -s k -l key -d 'A private key: PEM (PKCS#1 or PKCS#8), a kubernetes.io/tls Secret, or a List of them (a key backup). Repeat for several' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l format -d 'The report\'s format' -r -f -a "text\t'Tables for people'
json\t'JSON for scripts'"
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l since -d 'With --history: only the commits after REV (REV\'s own files are the oldest state read)' -r
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l leaked-key -d 'With --history: a leaked key (its key file, or its certificate\'s SHA-256 fingerprint); lists every current value ever sealed under it, and exits 1 while any remains. Repeat for several' -r
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l kubeconfig -d 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l context -d 'The kubeconfig context to use (given twice, the last one wins, as with kubectl; `cert fetch --pin` pins each one given)' -r
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l user -d 'The kubeconfig user to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand audit" -s s -l server -d 'The API server\'s URL' -r
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l as -d 'Username to impersonate for the operation (sends Impersonate-User, as kubectl)' -r
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l as-group -d 'Group to impersonate for the operation; repeat it for several groups' -r
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l username -d 'Username for basic authentication to the API server' -r
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l password -d 'Password for basic authentication (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l tls-server-name -d 'Server name to check the API server\'s certificate against (default: the server URL\'s host)' -r
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l proxy-url -d 'Proxy for requests to the API server (http, https or socks5; wins over the kubeconfig and HTTPS_PROXY)' -r
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l token -d 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l certificate-authority -d 'A PEM file of CA certificates for the API server' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l client-certificate -d 'A client certificate file for TLS authentication' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l client-key -d 'The client certificate\'s key file' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l request-timeout -d 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)' -r
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l controller-name -d 'Name of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l controller-namespace -d 'Namespace of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l keys-from-cluster -d 'Fetch the controller\'s key Secrets from the cluster (`get secrets` in --controller-namespace) and use them, in memory only: nothing is written'
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l json -d 'Print the report as JSON: the older spelling of --format json, kept working'
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l history -d 'Read the git history of the files: for each current item, when its current value first appeared and every key it was ever sealed under'
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l follow -d 'Follow symbolic links that lead out of the folders walked (by default such links are skipped with a note, as ripgrep does without --follow)'
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l disable-compression -d 'Ask the API server for uncompressed responses'
complete -c sealant -n "__fish_sealant_using_subcommand audit" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c sealant -n "__fish_sealant_using_subcommand audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sealant -n "__fish_sealant_using_subcommand keygen" -l bits -d 'RSA key size in bits' -r
complete -c sealant -n "__fish_sealant_using_subcommand keygen" -l validity -d 'How long the certificate is valid: days, years or hours (3650d, 10y, 87600h)' -r
complete -c sealant -n "__fish_sealant_using_subcommand keygen" -s n -l namespace -d 'The namespace of the key Secret: the controller\'s' -r
complete -c sealant -n "__fish_sealant_using_subcommand keygen" -l name -d 'The name of the key Secret; by default sealed-secrets-key and five random characters, as the controller names them' -r
complete -c sealant -n "__fish_sealant_using_subcommand keygen" -s h -l help -d 'Print help'
complete -c sealant -n "__fish_sealant_using_subcommand check" -s o -l format -d 'Report format' -r -f -a "text\t'One line per problem: `file:line: what is wrong: what to do`'
json\t'One JSON object with every finding, for machines'"
complete -c sealant -n "__fish_sealant_using_subcommand check" -l require-cert-record -d 'Also report SealedSecrets that do not record their certificate (sealant.dev/cert-sha256) where the rules expect one'
complete -c sealant -n "__fish_sealant_using_subcommand check" -l follow -d 'Follow symbolic links that lead out of the folders walked (by default such links are skipped with a note, as ripgrep does without --follow)'
complete -c sealant -n "__fish_sealant_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c sealant -n "__fish_sealant_using_subcommand diff" -s k -l key -d 'A private key: each item also shows a keyed hash of its value (HMAC-SHA256 under a key derived from the private key files), so equal values give equal lines. Repeat for several' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand diff" -s h -l help -d 'Print help'
complete -c sealant -n "__fish_sealant_using_subcommand cert; and not __fish_seen_subcommand_from show fetch" -s h -l help -d 'Print help'
complete -c sealant -n "__fish_sealant_using_subcommand cert; and not __fish_seen_subcommand_from show fetch" -f -a "show" -d 'Print a certificate\'s SHA-256 fingerprint, subject, validity and key size'
complete -c sealant -n "__fish_sealant_using_subcommand cert; and not __fish_seen_subcommand_from show fetch" -f -a "fetch" -d 'Fetch the certificate and write it as PEM'
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from show" -l cert -d 'The controller\'s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from show" -l expect-fingerprint -d 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l cert -d 'The controller\'s certificate: a file, an http(s):// or file:// URL. `seal` and `create` take several, one SealedSecret per cluster; NAME= names the cluster for {cluster}. By default the matching rule of .sealant.yaml decides' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l expect-fingerprint -d 'Refuse a certificate whose SHA-256 fingerprint is not this one (repeat to accept several). Overrides the fingerprints pinned in .sealant.yaml' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -s w -l write -d 'Write the PEM to this file (atomically) instead of standard output' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l rules-cluster -d 'The cluster of .sealant.yaml to fetch for (its cert or kube context) and to pin' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l kubeconfig -d 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l context -d 'The kubeconfig context to use (given twice, the last one wins, as with kubectl; `cert fetch --pin` pins each one given)' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l user -d 'The kubeconfig user to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -s s -l server -d 'The API server\'s URL' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l as -d 'Username to impersonate for the operation (sends Impersonate-User, as kubectl)' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l as-group -d 'Group to impersonate for the operation; repeat it for several groups' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l username -d 'Username for basic authentication to the API server' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l password -d 'Password for basic authentication (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l tls-server-name -d 'Server name to check the API server\'s certificate against (default: the server URL\'s host)' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l proxy-url -d 'Proxy for requests to the API server (http, https or socks5; wins over the kubeconfig and HTTPS_PROXY)' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l token -d 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l certificate-authority -d 'A PEM file of CA certificates for the API server' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l client-certificate -d 'A client certificate file for TLS authentication' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l client-key -d 'The client certificate\'s key file' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l request-timeout -d 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l controller-name -d 'Name of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l controller-namespace -d 'Namespace of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l pin -d 'Pin the fetched certificate: write its fingerprint into .sealant.yaml as the cluster\'s only one (the file is created when missing). The PEM is then printed only with -w'
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l all-contexts -d 'With --pin: fetch the certificate of every kubeconfig context and pin each into .sealant.yaml, one cluster per context (named after it). Nothing is written unless every context answers'
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l disable-compression -d 'Ask the API server for uncompressed responses'
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c sealant -n "__fish_sealant_using_subcommand cert; and __fish_seen_subcommand_from fetch" -s h -l help -d 'Print help'
complete -c sealant -n "__fish_sealant_using_subcommand keys; and not __fish_seen_subcommand_from backup list" -s h -l help -d 'Print help'
complete -c sealant -n "__fish_sealant_using_subcommand keys; and not __fish_seen_subcommand_from backup list" -f -a "backup" -d 'Fetch the controller\'s key Secrets and write them as a v1 List (0600): a backup that opens every SealedSecret'
complete -c sealant -n "__fish_sealant_using_subcommand keys; and not __fish_seen_subcommand_from backup list" -f -a "list" -d 'Show each key\'s fingerprint, validity and whether the controller seals with it, from the cluster or from files'
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -s w -l write -d 'The backup file (written atomically, 0600)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l kubeconfig -d 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l context -d 'The kubeconfig context to use (given twice, the last one wins, as with kubectl; `cert fetch --pin` pins each one given)' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l user -d 'The kubeconfig user to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -s s -l server -d 'The API server\'s URL' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l as -d 'Username to impersonate for the operation (sends Impersonate-User, as kubectl)' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l as-group -d 'Group to impersonate for the operation; repeat it for several groups' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l username -d 'Username for basic authentication to the API server' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l password -d 'Password for basic authentication (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l tls-server-name -d 'Server name to check the API server\'s certificate against (default: the server URL\'s host)' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l proxy-url -d 'Proxy for requests to the API server (http, https or socks5; wins over the kubeconfig and HTTPS_PROXY)' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l token -d 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l certificate-authority -d 'A PEM file of CA certificates for the API server' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l client-certificate -d 'A client certificate file for TLS authentication' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l client-key -d 'The client certificate\'s key file' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l request-timeout -d 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l controller-name -d 'Name of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l controller-namespace -d 'Namespace of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l force -d 'Replace an existing file'
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l disable-compression -d 'Ask the API server for uncompressed responses'
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from backup" -s h -l help -d 'Print help'
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -s k -l key -d 'Read the keys from these files (PEM, tls Secrets, a key backup List) instead of the cluster. Repeat for several' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -l kubeconfig -d 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config)' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -l context -d 'The kubeconfig context to use (given twice, the last one wins, as with kubectl; `cert fetch --pin` pins each one given)' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -l user -d 'The kubeconfig user to use' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -s s -l server -d 'The API server\'s URL' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -l as -d 'Username to impersonate for the operation (sends Impersonate-User, as kubectl)' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -l as-group -d 'Group to impersonate for the operation; repeat it for several groups' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -l as-uid -d 'UID to impersonate for the operation' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -l username -d 'Username for basic authentication to the API server' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -l password -d 'Password for basic authentication (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -l tls-server-name -d 'Server name to check the API server\'s certificate against (default: the server URL\'s host)' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -l proxy-url -d 'Proxy for requests to the API server (http, https or socks5; wins over the kubeconfig and HTTPS_PROXY)' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -l token -d 'A bearer token for the API server (visible to other users in argv: prefer the kubeconfig)' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -l certificate-authority -d 'A PEM file of CA certificates for the API server' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -l client-certificate -d 'A client certificate file for TLS authentication' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -l client-key -d 'The client certificate\'s key file' -r -F
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -l request-timeout -d 'Bound on each request to the API server, e.g. 30s or 1m (0: the default, 30s)' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -l controller-name -d 'Name of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -l controller-namespace -d 'Namespace of the controller\'s Service' -r
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -l disable-compression -d 'Ask the API server for uncompressed responses'
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -l insecure-skip-tls-verify -d 'Do not verify the API server\'s certificate (insecure)'
complete -c sealant -n "__fish_sealant_using_subcommand keys; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c sealant -n "__fish_sealant_using_subcommand completions" -s h -l help -d 'Print help'
complete -c sealant -n "__fish_sealant_using_subcommand man" -l dir -d 'Write one page per command into this folder instead of printing sealant(1)' -r -f -a "(__fish_complete_directories)"
complete -c sealant -n "__fish_sealant_using_subcommand man" -s h -l help -d 'Print help'
