#!/usr/bin/env bash
# Runs a command with a supported Node first on PATH (see runtime.sh): `bash scripts/node.sh vitest run`.
set -euo pipefail
source "$(dirname "$0")/runtime.sh"
exec "$@"
