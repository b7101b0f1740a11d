#!/bin/sh
# Renders each manual page as groff and as lintian do, with every warning enabled; any
# warning fails (lintian reports them as groff-message), and so does an empty page.
set -u
status=0
for page in "$@"; do
    out=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
    if [ -n "$out" ]; then
        printf '%s: groff warns:\n%s\n' "$page" "$out"
        status=1
    fi
    # lintian's own call (checks/documentation/manual.pm).
    out=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null)
    if [ -n "$out" ]; then
        printf '%s: man warns:\n%s\n' "$page" "$out"
        status=1
    fi
    if ! man -l "$page" 2>/dev/null | grep -q '^NAME'; then
        printf '%s: renders without a NAME section\n' "$page"
        status=1
    fi
done
exit "$status"
