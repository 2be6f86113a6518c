#!/usr/bin/env bash
# Installs Debian's headless Chromium for the browser tests, where this machine allows it.
# Under CI=true a missing browser is an error, so browser tests can never skip silently there.
set -uo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "apt-get could not install chromium" >&2
elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! command -v chromium >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ]; then
    echo "chromium is required for the browser tests under CI=true but could not be installed" >&2
    exit 1
  fi
  echo "chromium is not installed: the browser tests will be skipped (install Debian's 'chromium')." >&2
fi
exit 0
