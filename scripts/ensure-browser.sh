#!/usr/bin/env bash
# Makes sure a Chrome/Chromium browser and a matching chromedriver are on this machine,
# and, where apt-get can install it, Debian's chromium-headless-shell (the lighter headless
# browser the plugin prefers for headless runs).
# Installs Debian's chromium + chromium-driver (+ chromium-headless-shell) with apt-get when
# they are missing; elsewhere it stops and says what to install (the shell is optional).
# Set E2E_SKIP_BROWSER_INSTALL=1 to only check.
set -euo pipefail

have_browser() { command -v chromium >/dev/null || command -v google-chrome >/dev/null \
  || command -v chromium-browser >/dev/null || command -v google-chrome-stable >/dev/null; }
have_driver() { command -v chromedriver >/dev/null; }
have_shell() { command -v chromium-headless-shell >/dev/null; }

if have_browser && have_driver && { have_shell || ! command -v apt-get >/dev/null; }; then
  exit 0
fi

missing=()
have_browser || missing+=(chromium)
have_driver || missing+=(chromium-driver)
have_shell || missing+=(chromium-headless-shell)

# Only the optional headless shell missing: install it if we can, never fail for it.
optional_only=false
if have_browser && have_driver; then optional_only=true; fi

if [ "${E2E_SKIP_BROWSER_INSTALL:-}" = "1" ]; then
  echo "ensure-browser: missing ${missing[*]} (E2E_SKIP_BROWSER_INSTALL=1, not installing)" >&2
  $optional_only && exit 0
  exit 1
fi

if ! command -v apt-get >/dev/null; then
  cat >&2 <<MSG
ensure-browser: no Chrome/Chromium browser or chromedriver found, and this machine has no apt-get.
Install a browser and its driver of the same version, then run this again:
  - Chromium + chromedriver from your package manager (Fedora: chromium chromedriver;
    macOS: brew install --cask chromium chromedriver), or
  - Google Chrome plus the matching chromedriver, on PATH,
or point the tests at them with --browser-binary and --driver-path.
MSG
  exit 1
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "ensure-browser: run as root, or install them yourself: apt-get install ${missing[*]}" >&2
    $optional_only && exit 0
    exit 1
  fi
fi

echo "ensure-browser: installing ${missing[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
required=()
for package in "${missing[@]}"; do
  if [ "$package" != chromium-headless-shell ]; then required+=("$package"); fi
done
if [ ${#required[@]} -gt 0 ]; then
  $SUDO apt-get install -y -qq --no-install-recommends "${required[@]}" >/dev/null
fi
# Not every distribution packages the headless shell (Ubuntu does not): never fail for it.
if ! have_shell && ! $SUDO apt-get install -y -qq --no-install-recommends chromium-headless-shell >/dev/null 2>&1; then
  echo "ensure-browser: chromium-headless-shell is not available here (optional); headless runs use the full browser"
fi
have_browser && have_driver || { echo "ensure-browser: apt-get ran but the browser or driver is still missing" >&2; exit 1; }
echo "ensure-browser: $(chromium --version 2>/dev/null | head -1); $(chromedriver --version | head -1); headless shell: $(command -v chromium-headless-shell || echo none)"
