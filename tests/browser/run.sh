#!/usr/bin/env bash
# ctest's browser_dashboard: builds a database with the demo (scripts/demo.sh), grows a copy to
# 100 series, 10,000 runs and 1,000,000 predictions (make_large_db.py), then drives chromium
# over the dashboard of each (dashboard_test.mjs). Screenshots go to the second argument.
set -euo pipefail
quantloop=$(realpath "$1")
screenshots=$(realpath -m "$2")
here=$(cd "$(dirname "$0")" && pwd)
if [[ ! -d "$here/node_modules/puppeteer-core" ]]; then
  echo "tests/browser/node_modules is missing: run tests/browser/install.sh (make bootstrap does)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! DEMO_DB="$work/demo.db" "$here/../../scripts/demo.sh" "$quantloop" >"$work/demo.log" 2>&1; then
  tail -n 30 "$work/demo.log" >&2
  echo "the demo failed: no database to show" >&2
  exit 1
fi
# Debian's python3 (scripts/packages.txt) has sqlite3; a python3 earlier on PATH may not.
python=/usr/bin/python3
[[ -x "$python" ]] || python=python3
"$python" "$here/make_large_db.py" "$work/demo.db" "$work/large.db"
cd "$work"
node "$here/dashboard_test.mjs" "$quantloop" "$work/demo.db" "$work/large.db" "$screenshots"
