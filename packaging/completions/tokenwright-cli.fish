# fish completion for tokenwright-cli: sub-commands, options, option values and profile
# names (from `tokenwright-cli profiles list --names`, which never touches the keychain).

function __tokenwright_cli_profiles
    set -l cli (commandline -opc)[1]
    command $cli profiles list --names 2>/dev/null
end

# True when the words typed so far (after the program) are exactly $argv.
function __tokenwright_cli_at
    set -l words (commandline -opc)[2..-1]
    test (count $words) -eq (count $argv); or return 1
    for i in (seq (count $argv))
        test "$words[$i]" = "$argv[$i]"; or return 1
    end
end

# True when the profile name is next: the command is $argv and no plain word follows it yet.
function __tokenwright_cli_wants_profile
    set -l words (commandline -opc)[2..-1]
    set -l n (count $argv)
    test (count $words) -ge $n; or return 1
    for i in (seq $n)
        test "$words[$i]" = "$argv[$i]"; or return 1
    end
    for word in $words[(math $n + 1)..-1]
        string match -q -- '-*' $word; or return 1
    end
end

set -l commands profiles token customer-token revoke introspect customers customer-tokens request exec env sandbox version help
complete -c tokenwright-cli -f
complete -c tokenwright-cli -n "not __fish_seen_subcommand_from $commands" -a profiles -d 'List, show, add, edit, remove profiles'
complete -c tokenwright-cli -n "not __fish_seen_subcommand_from $commands" -a token -d 'Print a valid access token'
complete -c tokenwright-cli -n "not __fish_seen_subcommand_from $commands" -a customer-token -d 'Token for one MSP customer'
complete -c tokenwright-cli -n "not __fish_seen_subcommand_from $commands" -a revoke -d 'Revoke the cached tokens (RFC 7009)'
complete -c tokenwright-cli -n "not __fish_seen_subcommand_from $commands" -a introspect -d 'Ask the server about the token (RFC 7662)'
complete -c tokenwright-cli -n "not __fish_seen_subcommand_from $commands" -a customers -d 'Every customer of an MSP profile'
complete -c tokenwright-cli -n "not __fish_seen_subcommand_from $commands" -a customer-tokens -d 'A token per MSP customer'
complete -c tokenwright-cli -n "not __fish_seen_subcommand_from $commands" -a request -d 'Call the API with the token'
complete -c tokenwright-cli -n "not __fish_seen_subcommand_from $commands" -a exec -d 'Run a command with the token in its environment'
complete -c tokenwright-cli -n "not __fish_seen_subcommand_from $commands" -a env -d 'Lines that set the token in a shell'
complete -c tokenwright-cli -n "not __fish_seen_subcommand_from $commands" -a sandbox -d 'Local emulation of every provider'
complete -c tokenwright-cli -n "not __fish_seen_subcommand_from $commands" -a version -d 'Print the version'
complete -c tokenwright-cli -n "not __fish_seen_subcommand_from $commands" -l version -d 'Print the version'
complete -c tokenwright-cli -l help -d 'Show help'

# profiles
complete -c tokenwright-cli -n '__tokenwright_cli_at profiles' -a 'list show add edit remove export import'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from list; and __fish_seen_subcommand_from profiles' -l json -d 'Print JSON'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from list; and __fish_seen_subcommand_from profiles' -l names -d 'Only the names, one per line'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from profiles; and __fish_seen_subcommand_from export' -a '(__tokenwright_cli_profiles)' -d Profile
complete -c tokenwright-cli -n '__fish_seen_subcommand_from profiles; and __fish_seen_subcommand_from export' -s o -l output -r -F -d 'Write to a file'
complete -c tokenwright-cli -n '__tokenwright_cli_at profiles import' -F
complete -c tokenwright-cli -n '__fish_seen_subcommand_from profiles; and __fish_seen_subcommand_from import' -l on-conflict -x -a 'skip rename replace' -d 'When a name is taken'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from profiles; and __fish_seen_subcommand_from import' -l with-secrets-stdin -d 'Read the secrets from stdin'
for sub in show edit remove rm
    complete -c tokenwright-cli -n "__tokenwright_cli_wants_profile profiles $sub" -a '(__tokenwright_cli_profiles)' -d Profile
end
set -l editing '__fish_seen_subcommand_from profiles; and __fish_seen_subcommand_from add edit'
complete -c tokenwright-cli -n $editing -l kind -x -a 'druva-msp druva oidc commvault oauth2' -d 'Provider kind'
complete -c tokenwright-cli -n $editing -l region -x -a 'cloud govcloud' -d 'Druva Cloud region'
complete -c tokenwright-cli -n $editing -l token-url -x -d 'Token endpoint URL'
complete -c tokenwright-cli -n $editing -l issuer -x -d 'Issuer URL (discovery)'
complete -c tokenwright-cli -n $editing -l api-base -x -d 'API base URL'
complete -c tokenwright-cli -n $editing -l client-id -x -d 'Client id'
complete -c tokenwright-cli -n $editing -l client-auth -x -a 'basic-raw client_secret_basic client_secret_post client_secret_jwt private_key_jwt none auto' -d 'Client authentication'
complete -c tokenwright-cli -n $editing -l private-key-stdin -d 'private_key_jwt: PEM key on stdin'
complete -c tokenwright-cli -n $editing -l private-key-file -r -F -d 'private_key_jwt: PEM key file'
complete -c tokenwright-cli -n $editing -l key-id -x -d 'private_key_jwt: kid'
complete -c tokenwright-cli -n $editing -l grant -x -a 'client_credentials authorization_code device_code' -d 'oauth2 grant'
complete -c tokenwright-cli -n $editing -l redirect-port -x -d 'authorization_code: loopback port (0 = any)'
complete -c tokenwright-cli -n $editing -l prompt -x -a 'none login consent select_account' -d 'authorization_code: prompt'
complete -c tokenwright-cli -n $editing -l login-hint -x -d 'authorization_code: account hint'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from token' -l no-browser -d 'Print the sign-in page instead'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from token' -l sign-in-timeout -x -d 'Browser sign-in deadline (s)'
complete -c tokenwright-cli -n $editing -l signing-alg -x -a 'RS256 PS256 ES256' -d 'private_key_jwt: algorithm'
complete -c tokenwright-cli -n $editing -l revocation-url -x -d 'Revocation endpoint (RFC 7009)'
complete -c tokenwright-cli -n $editing -l introspection-url -x -d 'Introspection endpoint (RFC 7662)'
complete -c tokenwright-cli -n $editing -l scope -x -d 'Scope to request'
complete -c tokenwright-cli -n $editing -l audience -x -d 'Audience to request'
complete -c tokenwright-cli -n $editing -l resource -x -d 'Resource indicator'
complete -c tokenwright-cli -n $editing -l param -x -d 'Extra token parameter KEY=VALUE'
complete -c tokenwright-cli -n $editing -l allow-insecure-http -d 'Allow plain HTTP to non-loopback hosts'
complete -c tokenwright-cli -n $editing -l no-verify-tls -d 'Do not verify TLS certificates'
complete -c tokenwright-cli -n $editing -l ca-file -r -F -d 'Extra CA bundle (PEM)'
complete -c tokenwright-cli -n $editing -l no-auto-refresh -d 'Do not renew tokens before expiry'
complete -c tokenwright-cli -n $editing -l commvault-scope -x -a 'all custom scim 1-touch' -d 'Commvault token scope'
complete -c tokenwright-cli -n $editing -l created -x -d 'Commvault: when the token was made'
complete -c tokenwright-cli -n $editing -l renewal-days -x -d 'Commvault renewal horizon (days)'
complete -c tokenwright-cli -n $editing -l legacy -d 'Commvault: token made before 11.38'
complete -c tokenwright-cli -n $editing -l username -x -d 'Commvault login session user'
complete -c tokenwright-cli -n $editing -l domain -x -d 'Commvault login session domain'
complete -c tokenwright-cli -n $editing -l secret-stdin -d 'Read the secret(s) from stdin'
complete -c tokenwright-cli -n $editing -l secret-command -x -d 'Take the secret from a command'
complete -c tokenwright-cli -n $editing -l no-secret-command -d 'Remove the secret command'
complete -c tokenwright-cli -n $editing -l secret-command-timeout -x -d 'Stop the secret command after (s)'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from profiles; and __fish_seen_subcommand_from edit' -l rename -x -d 'New name'

# Commands that take a profile first.
for command in token customer-token revoke introspect customers customer-tokens request exec env
    complete -c tokenwright-cli -n "__tokenwright_cli_wants_profile $command" -a '(__tokenwright_cli_profiles)' -d Profile
    complete -c tokenwright-cli -n "__fish_seen_subcommand_from $command" -l timeout -x -d 'Deadline of each request (s)'
end
complete -c tokenwright-cli -n '__fish_seen_subcommand_from token request exec env' -l customer -x -d 'MSP customer (GCID)'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from token customer-token introspect customers customer-tokens' -l json -d 'Print JSON'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from token customer-token customer-tokens' -l force -d 'A new token'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from customers' -l csv -d 'CSV with a header row'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from customers' -l features -d 'Druva MSP features too'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from customers customer-tokens' -l retries -x -d 'Retries per page'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from customers' -l max-pages -x -d 'Page limit'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from customer-tokens' -l all -d 'Every customer'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from customer-tokens' -l ids -x -d 'Customer ids ID,ID,…'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from customer-tokens' -l concurrency -x -d 'Mints in flight'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from request' -s H -l header -x -d 'Request header'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from request' -s d -l data -r -F -d 'Body, @file or @-'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from request' -s i -l include -d 'Status and headers on stderr'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from request' -l no-history -d 'Do not record it'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from request' -l max-body -x -d 'Largest answer (MB)'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from exec env' -l env -x -d 'Variable for the token'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from env' -l shell -x -a 'sh fish powershell' -d 'Syntax to print'
# exec: after `--`, whatever the command completes to.
function __tokenwright_cli_exec_command
    set -l words (commandline -opc)
    set -l at (contains -i -- -- $words)
    set -l rest (string escape -- $words[(math $at + 1)..-1])
    complete -C (string join ' ' -- $rest (commandline -ct))
end
complete -c tokenwright-cli -n '__fish_seen_subcommand_from exec; and contains -- -- (commandline -opc)' -x -a '(__tokenwright_cli_exec_command)'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from sandbox' -l port -x -d Port
complete -c tokenwright-cli -n '__fish_seen_subcommand_from sandbox' -l token-lifetime -x -d 'Token lifetime (s)'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from sandbox' -l latency -x -d 'Added delay (ms)'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from sandbox' -l customers -x -d 'Demo MSP customers'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from sandbox' -l verbose -d 'Log every answer'
complete -c tokenwright-cli -n '__fish_seen_subcommand_from sandbox' -l auto-approve -d 'Approve browser sign-ins at once'
