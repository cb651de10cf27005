#!/usr/bin/env bash
# Builds the web application (web/ -> web/dist) with npm: `npm ci` from the committed
# package-lock.json when node_modules is missing or older than the lock, then `npm run build`
# when any source is newer than dist/index.html. Nothing is fetched at run time: the server
# serves web/dist.
set -euo pipefail
cd "$(dirname "$0")/../web"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "build-web: node and npm are needed to build the web app (Node.js 20.19 or newer)" >&2
  exit 1
fi
# Vite 7 needs ^20.19.0 || >=22.12.0.
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number);
              process.exit((a === 20 && b >= 19) || (a === 22 && b >= 12) || a > 22 ? 0 : 1)'; then
  echo "build-web: Node.js $(node --version) is too old: Vite 7 needs 20.19+ or 22.12+" >&2
  exit 1
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ ! -f dist/index.html ] || [ -n "$(find src index.html vite.config.js scripts public package-lock.json -newer dist/index.html -print -quit)" ]; then
  npm run build --silent
fi
echo "build-web: web/dist is up to date"
