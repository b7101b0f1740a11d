#!/usr/bin/env bash
# Builds Tokenwright (installing missing Debian 12 packages) and starts the GUI against
# the embedded sandbox, which emulates every provider on 127.0.0.1.
# Arguments go to tokenwright, after --demo.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

tw_ensure_packages "${TW_BUILD_PACKAGES[@]}"
tw_build
exec "$TW_BUILD_DIR/tokenwright" --demo "$@"
