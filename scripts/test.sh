#!/usr/bin/env bash
# The test command: installs what is missing (Debian 12), builds, and runs every test with
# ctest. Tests run inside a private D-Bus session with a freshly unlocked gnome-keyring,
# so the keychain tests use a real Secret Service and never see the user's own keyring.
# Extra arguments go to ctest, e.g. `scripts/test.sh -L unit` or `-R tst_profile`.
# Then the tests again under ASan+UBSan (leaks checked), and each fuzz target for a
# bounded time (scripts/sanitizers.sh: TW_SANITIZE=0 or TW_FUZZ_SECONDS=0 skip them).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
# shellcheck source=scripts/sanitizers.sh
source scripts/sanitizers.sh

tw_ensure_packages "${TW_BUILD_PACKAGES[@]}" "${TW_TEST_PACKAGES[@]}"
tw_ensure_node
tw_check_format
# What CI runs: a warning in our code fails the build here, never for a user's build.
TW_CMAKE_ARGS+=(-DTOKENWRIGHT_WERROR=ON)
if [ "$TW_SANITIZE" != 0 ]; then
    tw_ensure_packages "${TW_SANITIZE_PACKAGES[@]}"
fi
step_start=$SECONDS
tw_build
tw_log "build took $((SECONDS - step_start)) s"

export TW_BUILD_DIR
export QT_QPA_PLATFORM=offscreen
# A throwaway service name: the tests' entries can never mix with real ones.
export TOKENWRIGHT_KEYCHAIN_SERVICE="tokenwright-test-$$-$RANDOM"
# No test may read or write the user's configuration.
unset TOKENWRIGHT_CONFIG_DIR TOKENWRIGHT_DATA_DIR
# Here a test that would skip (no keychain, no curl, a missing Python module) fails instead:
# a green run means every test ran (tests/requireall.h, sandbox_python_support.skip).
export TOKENWRIGHT_TESTS_REQUIRE_ALL=1

# Runs inside the private session bus; "$@" are ctest's extra arguments.
session_script=$(cat <<'SESSION'
set -u
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# Fresh data dir: a login keyring left by an earlier run with another password would
# stay locked and every write would fail ("Cannot create an item in a locked collection").
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config"
export XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/runtime"
export HOME="$scratch/home"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR" "$HOME"
chmod 700 "$XDG_RUNTIME_DIR"
# Creates and unlocks the "login" collection with a known password.
echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
ctest --test-dir "$TW_BUILD_DIR" --output-on-failure -j2 "$@" </dev/null
SESSION
)

tw_log "running tests (keychain service ${TOKENWRIGHT_KEYCHAIN_SERVICE})"
step_start=$SECONDS
set +e
dbus-run-session -- bash -c "$session_script" tokenwright-tests "$@"
status=$?
set -e
tw_log "tests took $((SECONDS - step_start)) s"

if [ "$TW_SANITIZE" != 0 ]; then
    step_start=$SECONDS
    tw_build_sanitized
    tw_log "sanitizer build took $((SECONDS - step_start)) s"
    step_start=$SECONDS
    tw_log "running the tests under ASan+UBSan (labels ${TW_ASAN_LABELS})"
    set +e
    (
        tw_sanitizer_env
        export TW_BUILD_DIR="$TW_ASAN_BUILD_DIR"
        dbus-run-session -- bash -c "$session_script" tokenwright-tests -L "$TW_ASAN_LABELS" "$@"
    ) || status=1
    tw_log "sanitizer tests took $((SECONDS - step_start)) s"
    if [ "$TW_FUZZ_SECONDS" != 0 ]; then
        step_start=$SECONDS
        tw_fuzz || status=1
        tw_log "fuzzing took $((SECONDS - step_start)) s"
    fi
    set -e
fi
exit "$status"
