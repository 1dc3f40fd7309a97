#!/usr/bin/env bash
# Installs what the test suite needs when it is missing, then runs the whole suite.
#   Debian packages: python3, poppler-utils (pdftotext, pdfinfo, pdftoppm), qpdf, chromium,
#     openssl (test certificates), systemd (systemd-analyze verify of deploy/),
#     libreoffice-calc-nogui (breaches.csv opened by a spreadsheet engine)
#   Python packages into tests/tools/py/: aiosmtpd (the SMTP server of the delivery tests)
#   npm packages into tests/tools/node_modules: vnu-jar (W3C checker), axe-core,
#     playwright-core, at the versions of tests/tools/package-lock.json (npm ci)
# Safe to run again: installed tools are detected and skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v python3 > /dev/null || missing+=(python3)
command -v pdftotext > /dev/null || missing+=(poppler-utils)
command -v qpdf > /dev/null || missing+=(qpdf)
command -v chromium > /dev/null || missing+=(chromium)
command -v java > /dev/null || missing+=(default-jre-headless)
command -v npm > /dev/null || missing+=(npm)
command -v openssl > /dev/null || missing+=(openssl)
command -v systemd-analyze > /dev/null || missing+=(systemd)
command -v soffice > /dev/null || missing+=(libreoffice-calc-nogui)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
fi

tools=tests/tools
# Pinned by tests/tools/package-lock.json; reinstalled (npm ci) whenever the lock file changes.
if ! cmp -s "$tools/package-lock.json" "$tools/node_modules/.installed-lock.json"; then
  echo "installing npm test tools into $tools (npm ci)" >&2
  # Never let a tool download its own browser: the tests drive Debian's chromium.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix "$tools" --no-audit --no-fund --silent > /dev/null
  cp "$tools/package-lock.json" "$tools/node_modules/.installed-lock.json"
fi

# aiosmtpd: the real SMTP server of tests/delivery.rs (STARTTLS, implicit TLS, AUTH), pinned.
if ! PYTHONPATH="$tools/py" python3 -c 'import aiosmtpd' 2> /dev/null; then
  echo "installing aiosmtpd into $tools/py" >&2
  if python3 -m pip --version > /dev/null 2>&1; then
    python3 -m pip install --quiet --disable-pip-version-check --target "$tools/py" \
      aiosmtpd==1.4.6 atpublic==9.0.0 attrs==26.1.0 > /dev/null
  else
    # No pip: Debian's own package, for Debian's python3.
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-aiosmtpd > /dev/null
  fi
fi

# The code is formatted and lint-free, as every commit must be.
cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings

cargo test --all-targets "$@"
