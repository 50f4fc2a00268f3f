#!/usr/bin/env bash
# Install the Debian packages the test suite runs for real, when missing and when we may.
set -euo pipefail
packages=()
command -v tesseract >/dev/null || packages+=(tesseract-ocr tesseract-ocr-deu tesseract-ocr-fra)
# Headless Chromium opens the HTML report in its tests; a font so pages render legibly.
command -v chromium >/dev/null || packages+=(chromium fonts-dejavu-core)
[ ${#packages[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "system-deps: please install ${packages[*]} (tests that need them will be skipped)" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
