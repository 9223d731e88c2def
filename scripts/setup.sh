#!/usr/bin/env bash
# Installs what Herald needs on a Debian/Ubuntu machine with Node (any version; see runtime.sh): the npm packages and,
# when missing, nats-server, redis-server, PostgreSQL and Chromium (tests use the Debian server;
# `npm run dev` uses the embedded one) from the distribution's packages.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || need+=(nats-server)
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || need+=(redis-server)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
# The browser tests drive Debian's Chromium with playwright-core, which downloads no browser.
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} from Debian packages"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
  # The Debian postgresql package starts a cluster of its own; Herald starts its own servers.
  if [[ " ${need[*]} " == *" postgresql "* ]]; then
    $sudo_cmd service postgresql stop >/dev/null 2>&1 || true
  fi
  if [[ " ${need[*]} " == *" redis-server "* ]]; then
    $sudo_cmd service redis-server stop >/dev/null 2>&1 || true
  fi
fi

# A supported Node first on PATH (brought from the npm registry when the machine's is older),
# so packages install, and their scripts run, under the runtime that will load them.
source scripts/runtime.sh

# Reinstalled when the lock file's contents change, not its mtime: a checkout (a git worktree,
# a branch switch) touches the file without changing what is installed.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat node_modules/.herald-lock-sha256 2>/dev/null)" != "$lock_sum" ]; then
  npm ci --no-audit --no-fund
  echo "$lock_sum" > node_modules/.herald-lock-sha256
fi
