# shellcheck shell=bash
# The sanitizer and fuzz steps of scripts/test.sh. Sourced, not run (after lib.sh).
#
# One clang tree serves both: ASan + UBSan (LeakSanitizer included) for the tests, and the
# libFuzzer targets of tests/fuzz, whose coverage comes from the same instrumented core. Only
# what the tests run is built (not the GUI executable or the benchmarks). Every label runs:
# the GUI and keychain tests add about 2 minutes of build and 25 s of run time under ASan.
#
# Environment knobs:
#   TW_SANITIZE=0         skip the sanitizer step (and the fuzz step, which needs its tree)
#   TW_ASAN_BUILD_DIR     its build directory (default: build-asan)
#   TW_FUZZ_SECONDS       seconds per fuzz target (default: 30; 0 skips the fuzz step)
#   TW_ASAN_LABELS        ctest label regex of the tests run there (default: every label)
#   CMAKE_CXX_COMPILER_LAUNCHER=ccache  (CMake reads it from the environment) for local reruns

TW_SANITIZE="${TW_SANITIZE:-1}"
TW_ASAN_BUILD_DIR="${TW_ASAN_BUILD_DIR:-build-asan}"
TW_FUZZ_SECONDS="${TW_FUZZ_SECONDS:-30}"
TW_ASAN_LABELS="${TW_ASAN_LABELS:-unit|integration|keychain|gui}"

# Leaks are checked (LSan); only third-party ones are suppressed, each explained there.
tw_sanitizer_env() {
    local here
    here="$(pwd)"
    export ASAN_OPTIONS="detect_leaks=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=1:abort_on_error=0"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    export LSAN_OPTIONS="suppressions=${here}/tests/sanitizers/lsan.supp:print_suppressions=0"
}

# Configures the clang tree and builds only what the selected tests run (their executables,
# tokenwright-cli for the Python tests, the fuzz targets): not the GUI program or benchmarks.
tw_build_sanitized() {
    tw_log "configuring ${TW_ASAN_BUILD_DIR} (clang, address,undefined, fuzz targets)"
    cmake -S . -B "$TW_ASAN_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
        -DCMAKE_CXX_COMPILER=clang++ -DTOKENWRIGHT_SANITIZE=address,undefined \
        -DTOKENWRIGHT_FUZZ=ON -DBUILD_TESTING=ON >/dev/null
    local targets
    mapfile -t targets < <(ctest --test-dir "$TW_ASAN_BUILD_DIR" -L "$TW_ASAN_LABELS" \
        --show-only=json-v1 | python3 "scripts/sanitizer_targets.py" "$TW_ASAN_BUILD_DIR")
    tw_log "building ${#targets[@]} targets in ${TW_ASAN_BUILD_DIR} with ${TW_JOBS} jobs"
    cmake --build "$TW_ASAN_BUILD_DIR" --parallel "$TW_JOBS" --target "${targets[@]}"
}

# Runs each fuzz target for TW_FUZZ_SECONDS on a scratch copy of its committed corpus (new
# inputs stay out of the repository). A crash stops the step and says where the input is.
tw_fuzz() {
    local scratch target name status=0 ran=0
    scratch=$(mktemp -d)
    for target in "$TW_ASAN_BUILD_DIR"/tests/fuzz/fuzz_*; do
        if [ ! -f "$target" ] || [ ! -x "$target" ]; then
            continue # the *_autogen folders
        fi
        name=$(basename "$target")
        name=${name#fuzz_}
        ran=$((ran + 1))
        mkdir -p "$scratch/$name/corpus" "$scratch/$name/artifacts"
        cp -r "tests/fuzz/corpus/$name/." "$scratch/$name/corpus/"
        tw_log "fuzzing ${name} for ${TW_FUZZ_SECONDS} s"
        if ! "$target" -max_total_time="$TW_FUZZ_SECONDS" -timeout=25 -print_final_stats=1 \
            -dict=tests/fuzz/tokenwright.dict \
            -artifact_prefix="$scratch/$name/artifacts/" "$scratch/$name/corpus" \
            >"$scratch/$name/log" 2>&1; then
            tail -n 60 "$scratch/$name/log" >&2
            tw_log "fuzz_${name} failed; the input is in $scratch/$name/artifacts/ (kept)." \
                "Fix the bug, add a unit test, and commit the input under tests/fuzz/corpus/${name}/"
            status=1
            continue
        fi
        grep -E '^stat::number_of_executed_units|^Done' "$scratch/$name/log" >&2 || true
        rm -rf "${scratch:?}/$name"
    done
    if [ "$ran" -eq 0 ]; then
        tw_log "no fuzz target in ${TW_ASAN_BUILD_DIR}/tests/fuzz (TW_ASAN_LABELS without unit?)"
        status=1
    fi
    [ "$status" -eq 0 ] && rm -rf "$scratch"
    return "$status"
}
