# bash completion for tokenwright-cli                              -*- shell-script -*-
# Sub-commands, options, option values and profile names. Profile names come from
# `tokenwright-cli profiles list --names`, which reads profiles.json and never the keychain.

_tokenwright_cli_profiles()
{
    # The binary the user is typing, when it is a path; otherwise the one on PATH.
    local cli=${COMP_WORDS[0]} name plain=$1
    [[ $cli == */* && -x $cli ]] || cli=tokenwright-cli
    # Match what was typed without the backslashes or opening quote it may hold.
    plain=${plain//\\/}
    plain=${plain#[\'\"]}
    while IFS= read -r name; do
        [[ -n $name && $name == "$plain"* ]] && COMPREPLY+=("$(printf '%q' "$name")")
    done < <("$cli" profiles list --names 2>/dev/null)
}

_tokenwright_cli_options()
{
    case $1 in
    profiles\ list) echo "--json --names" ;;
    profiles\ show) echo "--json" ;;
    profiles\ export) echo "--output" ;;
    profiles\ import) echo "--on-conflict --with-secrets-stdin" ;;
    profiles\ add | profiles\ edit)
        echo "--kind --region --token-url --issuer --api-base --client-id --client-auth"
        echo "--scope --audience --resource --param --allow-insecure-http --no-verify-tls"
        echo "--ca-file --no-auto-refresh --timeout --commvault-scope --created"
        echo "--renewal-days --legacy --username --domain --secret-stdin"
        echo "--private-key-stdin --private-key-file --key-id --signing-alg"
        echo "--revocation-url --introspection-url --grant --redirect-port --prompt --login-hint"
        echo "--secret-command --no-secret-command --secret-command-timeout"
        [[ $1 == "profiles edit" ]] && echo "--rename"
        ;;
    token) echo "--customer --json --force --no-browser --sign-in-timeout --timeout" ;;
    customer-token) echo "--json --force --timeout" ;;
    revoke) echo "--timeout" ;;
    introspect) echo "--json --timeout" ;;
    customers) echo "--json --csv --features --retries --max-pages --timeout" ;;
    customer-tokens) echo "--all --ids --concurrency --json --force --retries --timeout" ;;
    request)
        echo "--header --data --customer --include --no-history --max-body --timeout"
        ;;
    exec) echo "--customer --env --timeout --" ;;
    env) echo "--customer --env --shell --timeout" ;;
    sandbox) echo "--port --token-lifetime --latency --customers --verbose --auto-approve" ;;
    esac
    echo "--help"
}

_tokenwright_cli()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    local commands="profiles token customer-token revoke introspect customers customer-tokens
                    request exec env sandbox version help"
    COMPREPLY=()

    if ((COMP_CWORD == 1)); then
        mapfile -t COMPREPLY < <(compgen -W "$commands --help --version" -- "$cur")
        return
    fi

    local command=${COMP_WORDS[1]} first=2 i
    if [[ $command == profiles ]]; then
        if ((COMP_CWORD == 2)); then
            mapfile -t COMPREPLY < <(compgen -W "list show add edit remove export import" -- "$cur")
            return
        fi
        command="profiles ${COMP_WORDS[2]/#rm/remove}"
        first=3
    fi

    # exec: after `--` comes the command, then whatever it takes.
    if [[ $command == exec ]]; then
        for ((i = first; i < COMP_CWORD; i++)); do
            if [[ ${COMP_WORDS[i]} == -- ]]; then
                if ((COMP_CWORD == i + 1)); then
                    mapfile -t COMPREPLY < <(compgen -c -- "$cur")
                else
                    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
                fi
                return
            fi
        done
    fi

    case $prev in
    --kind)
        mapfile -t COMPREPLY < <(compgen -W "druva-msp druva oidc commvault oauth2" -- "$cur")
        return
        ;;
    --region)
        mapfile -t COMPREPLY < <(compgen -W "cloud govcloud" -- "$cur")
        return
        ;;
    --client-auth)
        mapfile -t COMPREPLY < <(compgen -W "basic-raw client_secret_basic client_secret_post
                                             client_secret_jwt private_key_jwt none auto" -- "$cur")
        return
        ;;
    --grant)
        mapfile -t COMPREPLY < <(compgen -W "client_credentials authorization_code device_code" -- "$cur")
        return
        ;;
    --signing-alg)
        mapfile -t COMPREPLY < <(compgen -W "RS256 PS256 ES256" -- "$cur")
        return
        ;;
    --private-key-file)
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return
        ;;
    --commvault-scope)
        mapfile -t COMPREPLY < <(compgen -W "all custom scim 1-touch" -- "$cur")
        return
        ;;
    --shell)
        mapfile -t COMPREPLY < <(compgen -W "sh fish powershell" -- "$cur")
        return
        ;;
    --on-conflict)
        mapfile -t COMPREPLY < <(compgen -W "skip rename replace" -- "$cur")
        return
        ;;
    --ca-file | --data | -d | --output | -o)
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return
        ;;
    --customer | --env | --token-url | --issuer | --api-base | --client-id | --scope | \
        --audience | --resource | --param | --timeout | --created | --renewal-days | \
        --username | --domain | --rename | --ids | --concurrency | --retries | \
        --max-pages | --max-body | --header | -H | --port | --token-lifetime | --latency | \
        --customers | --redirect-port | --prompt | --login-hint | --sign-in-timeout)
        return # a value only the user knows
        ;;
    esac

    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(_tokenwright_cli_options "$command")" -- "$cur")
        return
    fi

    # The first word that is not an option (or an option's value) is the profile name.
    local words=0 word
    for ((i = first; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        [[ $word == -* ]] && continue
        case ${COMP_WORDS[i - 1]} in
        --kind | --region | --client-auth | --commvault-scope | --shell | --ca-file | --data | \
            -d | --customer | --env | --token-url | --issuer | --api-base | --client-id | \
            --scope | --audience | --resource | --param | --timeout | --created | \
            --renewal-days | --username | --domain | --rename | --ids | --concurrency | \
            --retries | --max-pages | --max-body | --header | -H | --output | -o | --on-conflict | \
            --private-key-file | --key-id | --signing-alg | --grant | --revocation-url | \
            --introspection-url | --redirect-port | --prompt | --login-hint | --sign-in-timeout)
            continue
            ;;
        esac
        words=$((words + 1))
    done
    case $command in
    "profiles import")
        ((words == 0)) && mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        ;;
    "profiles export")
        _tokenwright_cli_profiles "$cur"
        ;;
    "profiles show" | "profiles edit" | "profiles remove" | token | customer-token | \
        revoke | introspect | customers | customer-tokens | request | exec | env)
        if ((words == 0)); then
            _tokenwright_cli_profiles "$cur"
        elif [[ $command == request ]] && ((words == 1)); then
            mapfile -t COMPREPLY < <(compgen -W "GET POST PUT PATCH DELETE HEAD OPTIONS" \
                -- "${cur^^}")
        fi
        ;;
    esac
}

complete -F _tokenwright_cli tokenwright-cli
