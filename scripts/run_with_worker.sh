#!/bin/sh
# `make run` / `make dev`: the development server with the background-task worker beside it (document text
# extraction runs in the worker, never in a request). Ctrl+C stops both. Production runs gunicorn and the worker as
# services of their own: README, "Production". Usage: scripts/run_with_worker.sh PYTHON HOST PORT [--dev]
#
# The demo (`make run`) prints the address, user name and password as the very last thing, once the server
# answers; the worker's log goes to a file so it does not bury them. `--dev` (DEBUG on) keeps the autoreloader and
# shows the worker's log in the terminal.
set -u
# Job control: the server and the worker each run in a process group of their own, so stopping a group stops the
# processes they started too (the autoreloader's child of `make dev`), and Ctrl+C reaches them through this script.
set -m
python="$1"
host="$2"
port="$3"
mode="${4:-}"
base_url="${SITE_BASE_URL:-http://$host:$port}"
base_url="${base_url%/}"

worker=""
server=""
stop() {
	for pid in $server $worker; do kill -s TERM -- "-$pid" 2>/dev/null; done
	for pid in $server $worker; do wait "$pid" 2>/dev/null; done
}
trap stop EXIT
trap 'exit 0' INT TERM  # Ctrl+C is the normal way to stop

if [ "$mode" = "--dev" ]; then
	# --no-reload: the worker's autoreloader would leave its child running when this script stops it; restart
	# `make dev` after changing task code. The server keeps Django's autoreloader.
	"$python" manage.py db_worker --backend background --no-reload &
	worker=$!
	"$python" manage.py runserver --nostatic "$host:$port" &
	server=$!
else
	worker_log="${WORKER_LOG:-${TMPDIR:-/tmp}/chec-worker-$port.log}"
	"$python" manage.py db_worker --backend background --no-reload >"$worker_log" 2>&1 &
	worker=$!
	# One process: no autoreloader in the demo.
	"$python" manage.py runserver --noreload --nostatic --skip-checks "$host:$port" &
	server=$!
fi

# Make sure the admin user exists while the server starts, but print the login only once it answers.
login=$("$python" manage.py ensure_admin --admin-url "$base_url/admin/") || exit 1

# Wait for the server to answer (at most two minutes), through the loopback address when it listens everywhere.
case "$host" in 0.0.0.0 | "::" | "[::]") probe_host=127.0.0.1 ;; *) probe_host="$host" ;; esac
if ! "$python" - "http://$probe_host:$port/healthz" "$server" <<'PY'; then
import os, sys, time, urllib.request
url, server = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            if response.status == 200:
                sys.exit(0)
    except OSError:
        pass
    try:
        os.kill(server, 0)
    except OSError:
        sys.exit(1)  # the server stopped: its own error is above
    time.sleep(0.3)
sys.exit(1)
PY
	echo "make run: the server did not start on $host:$port (is the port in use? try make run PORT=8001)." >&2
	exit 1
fi

debug_state="DEBUG off"
[ "$mode" = "--dev" ] && debug_state="DEBUG on"
echo
echo "------------------------------------------------------------------------------------------------"
echo "The CHEC knowledge hub is running with its demo content ($debug_state)."
[ "$mode" = "--dev" ] || echo "  Background worker log: $worker_log"
echo "  Stop the server and the worker with Ctrl+C."
echo
echo "  Site:  $base_url/"
printf '%s\n' "$login" | sed 's/^\([^ ]\)/  \1/'  # the admin's address, user name and password: last
echo "------------------------------------------------------------------------------------------------"
wait "$server"
