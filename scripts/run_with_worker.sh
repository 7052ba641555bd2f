#!/bin/sh
# `make run`: the development server with the background-task worker beside it (document text extraction runs in
# the worker, never in a request). The worker stops when the server does (Ctrl+C). Production runs the worker as its
# own service: docs/search.md. Usage: scripts/run_with_worker.sh PYTHON HOST:PORT
set -u
python="$1"
address="$2"
# --no-reload: the autoreloader would leave its child running when this script stops the worker; restart
# `make run` after changing task code.
"$python" manage.py db_worker --backend background --no-reload &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT
trap 'exit 130' INT TERM
"$python" manage.py runserver "$address"
