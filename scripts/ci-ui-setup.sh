#!/usr/bin/env bash
# CI: what the UI's end-to-end test needs from the system: Debian's Chromium, driven by
# playwright-core (no browser is ever downloaded by npm).
set -euo pipefail
if ! command -v chromium >/dev/null; then
  apt-get update -qq
  apt-get install -y chromium
fi
