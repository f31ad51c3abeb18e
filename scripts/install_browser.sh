#!/usr/bin/env bash
# Installs the headless browser the widget's browser test drives: Debian's Chromium and ChromeDriver
# (/usr/bin/chromium, /usr/bin/chromedriver). Nothing is downloaded by a test tool itself.
#
# Idempotent: when both commands are already on PATH it exits at once. Needs root (CI runs as root
# on a fresh machine); otherwise it says which command to run.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  echo "browser: $(chromium --version 2>/dev/null | head -n1) and chromedriver are installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  cat >&2 <<'MSG'
browser: Chromium and ChromeDriver are missing and this script is not running as root.
  Install them with:  sudo apt-get update && sudo apt-get install -y chromium chromium-driver
  (or run:  sudo scripts/install_browser.sh), then run the browser test again.
MSG
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "browser: apt-get not found; install Chromium and ChromeDriver with your system's package manager" >&2
  exit 1
fi

echo "browser: installing Debian's chromium and chromium-driver ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
echo "browser: $(chromium --version 2>/dev/null | head -n1) and $(chromedriver --version 2>/dev/null | head -n1) installed"
