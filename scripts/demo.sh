#!/usr/bin/env bash
# Start or stop the demo workload (scripts/demo.c): producers and
# consumers on queues, semaphore users, attached segments.
#   scripts/demo.sh start   # in the background; pid in $DEMO_PIDFILE
#   scripts/demo.sh stop    # stops it and removes its objects
set -euo pipefail

DEMO=${DEMO:-build/rel/demo}
PIDFILE=${DEMO_PIDFILE:-/tmp/ipctop-demo.pid}

case "${1:-}" in
start)
	[ -x "$DEMO" ] || { echo "demo.sh: $DEMO not built (make $DEMO)" >&2; exit 1; }
	"$DEMO" run </dev/null >/dev/null 2>&1 &
	echo $! >"$PIDFILE"
	# give the children time to attach and block
	sleep 1
	;;
stop)
	if [ -f "$PIDFILE" ]; then
		pid=$(cat "$PIDFILE")
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		rm -f "$PIDFILE"
	fi
	"$DEMO" clean 2>/dev/null || true
	;;
*)
	echo "usage: $0 start|stop" >&2
	exit 2
	;;
esac
