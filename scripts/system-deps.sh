#!/usr/bin/env bash
# Install the system packages Cuttings needs on Debian/Ubuntu: Qt's xcb libraries (the window),
# CJK fonts (Korean/Japanese/Chinese in the reader and in PDFs), Tesseract's English, Korean and orientation data
# (OCR of scans: the engine itself comes with the tesserocr wheel); for the tests, poppler-utils (PDF checks),
# Chromium with its driver (the browser connector) and openssl (a certificate for the HTTPS fetch test).
# As root it installs them; with sudo it asks for it; otherwise it names the command to run.
set -euo pipefail
mode=${1:-app}
pkgs=(libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
      libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libegl1 libgl1 libfontconfig1 libdbus-1-3
      fonts-noto-cjk tesseract-ocr tesseract-ocr-eng tesseract-ocr-kor tesseract-ocr-osd python3-venv)
# The browser connector's tests drive Debian's Chromium through its chromedriver.
[ "$mode" = test ] && pkgs+=(poppler-utils chromium chromium-driver openssl)
command -v dpkg-query >/dev/null 2>&1 || { echo "Not a Debian/Ubuntu system: install Qt 6's xcb libraries, Noto CJK fonts and poppler-utils yourself." >&2; exit 0; }
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# python3-venv is only needed where the venv module is missing.
if python3 -c "import venv, ensurepip" 2>/dev/null; then
  missing=("${missing[@]/python3-venv}")
fi
missing=($(printf '%s\n' "${missing[@]}" | sed '/^$/d'))
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1; then
  echo "Cuttings needs these system packages: ${missing[*]} (asking sudo to install them)" >&2
  sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Cuttings needs these system packages. Install them, then run this again:" >&2
  echo "  apt-get install ${missing[*]}" >&2
  exit 1
fi
