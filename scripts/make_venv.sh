#!/bin/sh
# Create the virtualenv for `make` (usage: scripts/make_venv.sh PYTHON VENV), or stop with one line saying what to
# install: a missing Python 3.11, another Python version, or a Python without `venv`/`ensurepip` (Debian and Ubuntu
# ship those in a separate package).
set -u
python="$1"
venv="$2"
install_hint="install Python 3.11 (Debian/Ubuntu: sudo apt-get install python3.11 python3.11-venv; macOS: brew install python@3.11) or run make with PYTHON=/path/to/python3.11"

if ! command -v "$python" >/dev/null 2>&1; then
	echo "make: '$python' was not found: $install_hint." >&2
	exit 1
fi
version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || version="unknown"
if [ "$version" != "3.11" ]; then
	echo "make: '$python' is Python $version, and this site needs Python 3.11: $install_hint." >&2
	exit 1
fi
if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
	echo "make: '$python' has no 'venv'/'ensurepip' module: install python3.11-venv (Debian/Ubuntu: sudo apt-get install python3.11-venv)." >&2
	exit 1
fi
if ! log=$("$python" -m venv "$venv" 2>&1); then
	rm -rf "$venv"
	echo "make: '$python -m venv $venv' failed ($(printf '%s' "$log" | tail -n 1)): install python3.11-venv (Debian/Ubuntu: sudo apt-get install python3.11-venv)." >&2
	exit 1
fi
echo "Created the virtualenv in $venv; installing the site's Python packages (a minute or two, first time only)."
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
