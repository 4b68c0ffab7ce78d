#!/usr/bin/env bash
# Installs everything khcn-docs needs on a Debian/Ubuntu machine:
# LibreOffice (PDF), Vietnamese-complete Times New Roman substitutes, poppler, and a Python venv in .venv.
# Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

need_apt=()
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
[ -e /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || need_apt+=(fonts-liberation2)
fc-list 2>/dev/null | grep -qi tinos || need_apt+=(fonts-croscore)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "khcn-docs setup: apt-get install ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
echo "khcn-docs setup: ready (.venv/bin/khcn-docs)"
