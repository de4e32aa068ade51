# env.sh — sourced by the scripts: repo root, toolchain environment, logging.
set -euo pipefail
AX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export AX_ROOT
# Node here is not Debian's; emcc needs Debian's acorn from this path.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
AX_JOBS="${AX_JOBS:-$(nproc)}"
say() { printf '\n== %s\n' "$*"; }
