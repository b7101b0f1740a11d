# shellcheck shell=bash disable=SC2034
# Shared by test.sh and demo.sh: install missing Debian packages, configure and build.
# Sourced, not run. Environment knobs:
#   TW_BUILD_DIR   build directory (default: build)
#   TW_BUILD_TYPE  CMake build type (default: RelWithDebInfo)
#   TW_JOBS        parallel build jobs (default: number of CPUs)
#   TW_CMAKE_ARGS  extra configure arguments (an array, set by the sourcing script: test.sh
#                  adds -DTOKENWRIGHT_WERROR=ON)

TW_BUILD_DIR="${TW_BUILD_DIR:-build}"
TW_BUILD_TYPE="${TW_BUILD_TYPE:-RelWithDebInfo}"
TW_JOBS="${TW_JOBS:-$(nproc)}"
TW_CMAKE_ARGS=()

# What Debian 12 needs to build (QtHttpServer's CMake config fails without
# qt6-websockets-dev; qt6-qpa-plugins carries the offscreen platform; libqt6svg6 renders
# the SVG icons).
TW_BUILD_PACKAGES=(cmake ninja-build g++ qt6-base-dev qt6-httpserver-dev qt6-websockets-dev
    qt6-tools-dev qt6-tools-dev-tools qtkeychain-qt6-dev libgl1-mesa-dev qt6-qpa-plugins
    libqt6svg6 libssl-dev)
# ... and to run the tests: a private D-Bus session with a real Secret Service
# (libsecret-tools also brings libsecret, which QtKeychain loads at run time).
TW_TEST_PACKAGES=(dbus dbus-x11 gnome-keyring libsecret-tools xvfb xauth python3
    python3-requests-oauthlib imagemagick curl zsh fish appstream groff-base man-db lintian
    dpkg-dev clang-format)
# ... and for the interop tests (tests/interop): node and npm run the certified
# oidc-provider. Installed only when the commands are missing: a NodeSource nodejs
# carries its own npm and conflicts with Debian's npm package.
TW_INTEROP_PACKAGES=(nodejs npm)
# ... and for its sanitizer and fuzz steps (scripts/sanitizers.sh): clang with libFuzzer
# and the sanitizer runtimes.
TW_SANITIZE_PACKAGES=(clang libclang-rt-14-dev)

tw_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Installs only what is missing, so a prepared machine never touches apt.
tw_ensure_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
            missing+=("$pkg")
        fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        return 0
    fi
    if ! command -v apt-get >/dev/null; then
        tw_log "missing packages and no apt-get: ${missing[*]}"
        return 1
    fi
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo=(sudo)
    fi
    tw_log "installing: ${missing[*]}"
    if [ -z "${TW_APT_UPDATED:-}" ]; then
        "${sudo[@]}" apt-get update
        TW_APT_UPDATED=1
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
}

tw_ensure_node() {
    if command -v node >/dev/null && command -v npm >/dev/null; then
        return 0
    fi
    tw_ensure_packages "${TW_INTEROP_PACKAGES[@]}"
}

# Fails when a tracked C++ file differs from what clang-format (.clang-format) makes of it.
tw_check_format() {
    if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        tw_log "not a git checkout: format check skipped"
        return 0
    fi
    tw_log "checking the format of the C++ sources"
    git ls-files -z '*.cpp' '*.h' | xargs -0 clang-format --dry-run -Werror
}

tw_build() {
    tw_log "configuring ${TW_BUILD_DIR} (${TW_BUILD_TYPE})"
    cmake -S . -B "$TW_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$TW_BUILD_TYPE" -DBUILD_TESTING=ON \
        "${TW_CMAKE_ARGS[@]}"
    tw_log "building with ${TW_JOBS} jobs"
    cmake --build "$TW_BUILD_DIR" --parallel "$TW_JOBS"
}
