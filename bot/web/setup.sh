#!/usr/bin/env bash
# Installs the widget's one dependency, the pinned socket.io-client, into bot/web/node_modules
# (git-ignored) with `npm ci` from package-lock.json. The Rasa server serves its dist file.
#
# Idempotent: skipped when node_modules already holds exactly what package-lock.json says.
set -euo pipefail
cd "$(dirname "$0")"

client="node_modules/socket.io-client/dist/socket.io.min.js"
stamp="node_modules/.cluster-stamp"
fingerprint="$(sha256sum package-lock.json | cut -d' ' -f1)"

if [ -f "$client" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$fingerprint" ]; then
  echo "setup: widget dependencies are up to date"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "setup: npm not found; the web widget needs Node.js and npm (any current LTS) to install socket.io-client" >&2
  exit 1
fi
echo "setup: installing the widget's socket.io-client (npm ci) ..."
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
echo "$fingerprint" > "$stamp"
echo "setup: widget dependencies ready ($(node -p "require('socket.io-client/package.json').version") of socket.io-client)"
