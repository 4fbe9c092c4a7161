#!/usr/bin/env bash
# Build the Cuttings bundle: dist/Cuttings/ with the app `Cuttings` and the command line `cuttings`
# (PyInstaller, onedir, see build.spec), then check it: sizes, `cuttings --version`, a CLI clip + search,
# and the app's self-test. Python: $PYTHON, else .venv/bin/python, else python3.
# Options: --no-install (skip `pip install -e .[build]`), --no-check (build only).
set -euo pipefail
cd "$(dirname "$0")/.."

install=1 check=1
for arg in "$@"; do
  case "$arg" in
    --no-install) install=0 ;;
    --no-check) check=0 ;;
    *) echo "usage: $0 [--no-install] [--no-check]" >&2; exit 2 ;;
  esac
done

if [ -n "${PYTHON:-}" ]; then py=$PYTHON
elif [ -x .venv/bin/python ]; then py=.venv/bin/python
else py=python3
fi
"$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "The bundle needs Python 3.11 or newer ($py is $("$py" -V 2>&1))." >&2; exit 1; }

if [ "$install" = 1 ]; then
  echo "== installing Cuttings with the build extra into $("$py" -c 'import sys; print(sys.prefix)')"
  "$py" -m pip install -q --disable-pip-version-check -e ".[build]"
fi

echo "== building with $("$py" -m PyInstaller --version 2>/dev/null | sed 's/^/PyInstaller /') ($("$py" -V))"
start=$(date +%s)
"$py" -m PyInstaller --noconfirm --clean --log-level WARN build.spec
seconds=$(( $(date +%s) - start ))
echo "== built in $((seconds / 60)) min $((seconds % 60)) s"

bundle=dist/Cuttings
case "$(uname -s)" in
  Linux) cli=$bundle/cuttings gui=$bundle/Cuttings ;;
  Darwin) cli=$bundle/cuttings-cli gui=$bundle/Cuttings ;;
  *) cli=$bundle/cuttings-cli.exe gui=$bundle/Cuttings.exe ;;
esac
echo "== bundle size: $(du -sh "$bundle" | cut -f1) ($bundle; _internal: $(du -sh "$bundle/_internal" | cut -f1))"
[ "$check" = 1 ] || exit 0

echo "== $cli --version"
"$cli" --version

echo "== CLI: clip a sample, search it"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$cli" --archive "$tmp/check.cuttings" init >/dev/null
"$cli" --archive "$tmp/check.cuttings" clip resources/samples/web/harbour-archive.html
"$cli" --archive "$tmp/check.cuttings" search morgue | grep -q "Harbour town" || { echo "search found nothing" >&2; exit 1; }
echo "search: ok"

echo "== $gui --self-test"
QT_QPA_PLATFORM=offscreen CUTTINGS_CONFIG_DIR="$tmp/config" "$gui" --self-test
