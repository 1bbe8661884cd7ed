#!/usr/bin/env bash
# Installs the browser tests' npm packages (puppeteer-core, axe-core) at the versions
# package-lock.json pins, when they are missing or older than the lockfile. Silent otherwise.
set -euo pipefail
cd "$(dirname "$0")"
if [[ -f node_modules/.package-lock.json && node_modules/.package-lock.json -nt package-lock.json ]]; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  ../../scripts/bootstrap.sh npm
fi
echo "tests/browser: npm ci (puppeteer-core, axe-core)" >&2
npm ci --no-audit --no-fund --loglevel=error >/dev/null
