#!/usr/bin/env bash
# Installs the Debian packages of the given groups (default: build) that are missing.
# Idempotent and silent when everything is present; needs root (or sudo) only to install.
set -euo pipefail
cd "$(dirname "$0")/.."

groups=("${@:-build}")
wanted=()
for group in "${groups[@]}"; do
  while read -r line; do
    wanted+=("$line")
  done < <(sed -n "s/^${group}: *//p" scripts/packages.txt)
done

missing=()
for package in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null || true)
  [[ "$status" == ii* ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "bootstrap: installing ${#missing[@]} Debian package(s): ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "bootstrap: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if ! { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  echo "bootstrap: apt-get failed (full log: $log)" >&2
  exit 1
fi
rm -f "$log"
