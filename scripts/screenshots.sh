#!/usr/bin/env bash
# Real captures of the live view: ipctop runs in xterm on a virtual X
# display (Xvfb), driven through tmux, with the demo workload running in
# a private IPC and mount namespace (a /dev/shm of its own for its POSIX
# objects); ImageMagick's import grabs the xterm window.
# Writes screenshots/*.png. Needs root (packages, namespace).
#   IPCTOP=build/rel/ipctop DEMO=build/rel/demo bash scripts/screenshots.sh
set -euo pipefail

IPCTOP=${IPCTOP:-$PWD/ipctop}
DEMO=${DEMO:-$PWD/build/rel/demo}
OUT=${OUT:-$PWD/screenshots}
COLS=${COLS:-132}
ROWS=${ROWS:-34}

# Private IPC, mount and pid namespaces, so only the demo's objects and
# processes are in the pictures and its POSIX objects never touch the
# machine's /dev/shm.
if [ "${IPCTOP_SHOTS_NS:-}" != 1 ]; then
	exec env IPCTOP_SHOTS_NS=1 unshare --ipc --mount --propagation private --pid --fork \
		--mount-proc bash "$0" "$@"
fi
mount -t tmpfs -o size=64m,mode=1777 tmpfs /dev/shm

need=()
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xterm >/dev/null || need+=(xterm)
command -v import >/dev/null || need+=(imagemagick)
command -v xwininfo >/dev/null || need+=(x11-utils)
command -v tmux >/dev/null || need+=(tmux)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
[ -d /usr/share/fonts/X11/misc ] || need+=(xfonts-base)
if [ ${#need[@]} -gt 0 ]; then
	echo "screenshots: installing ${need[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

tmp=$(mktemp -d /tmp/ipctop-shots.XXXXXX)
sock=ipctop-shots-$$
disp=:$((90 + $$ % 9))
tmux_() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
	tmux_ kill-server 2>/dev/null || true
	# xterm before its X server, so it has nothing to complain about
	[ -n "${xterm_pid:-}" ] && { kill "$xterm_pid" 2>/dev/null; wait "$xterm_pid" 2>/dev/null; } || true
	[ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true
	DEMO="$DEMO" DEMO_PIDFILE="$tmp/demo.pid" bash "$(dirname "$0")/demo.sh" stop || true
	rm -rf "$tmp"
}
trap cleanup EXIT

DEMO="$DEMO" DEMO_PIDFILE="$tmp/demo.pid" bash "$(dirname "$0")/demo.sh" start

Xvfb "$disp" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 50); do xwininfo -display "$disp" -root >/dev/null 2>&1 && break; sleep 0.1; done

# ipctop inside tmux (status line off) so keys can be sent to it
tmux_ new-session -d -x "$COLS" -y "$ROWS" \
	"env XDG_CONFIG_HOME=$tmp/config TERM=xterm-256color $IPCTOP --min-age 5s"
tmux_ set -g status off
tmux_ set -g default-terminal xterm-256color
xterm -display "$disp" -geometry "${COLS}x${ROWS}+0+0" -fa 'DejaVu Sans Mono' -fs 10 \
	-bg '#1d1f21' -fg '#d0d0d0' -title ipctop-shot -e tmux -L "$sock" -f /dev/null attach &
xterm_pid=$!
for _ in $(seq 100); do
	win=$(xwininfo -display "$disp" -name ipctop-shot 2>/dev/null | awk '/Window id/ {print $4}' || true)
	[ -n "$win" ] && break
	sleep 0.1
done
[ -n "$win" ] || { echo "screenshots: xterm did not start" >&2; exit 1; }

wait_for() {   # text on screen, within 10s
	for _ in $(seq 200); do
		tmux_ capture-pane -p -t 0 | grep -qF -- "$1" && return 0
		sleep 0.05
	done
	echo "screenshots: '$1' never appeared" >&2
	tmux_ capture-pane -p -t 0 >&2
	return 1
}
shot() {
	sleep 0.4    # let xterm paint the last update
	import -display "$disp" -window "$win" "$OUT/$1.png"
	echo "screenshots: $OUT/$1.png"
}

mkdir -p "$OUT"
wait_for "0x49500002"
shot queues
tmux_ send-keys -t 0 2; wait_for "0x49500010"; shot semaphores
tmux_ send-keys -t 0 Enter; wait_for "SEMNUM"; shot detail
tmux_ send-keys -t 0 Escape 3; wait_for "0x49500022"; shot segments
# the demo's own processes: filter the signals tab to them
tmux_ send-keys -t 0 4 '\' demo Enter; wait_for "filter:demo"; wait_for "demo-producer"; shot signals
# the supervisor catches INT and TERM: its 64-signal detail
tmux_ send-keys -t 0 / demo Enter Enter; wait_for "SIG NAME"; shot process-signals
tmux_ send-keys -t 0 Escape F9; wait_for "Send signal to pid"; shot signal-picker
tmux_ send-keys -t 0 Escape
# the demo's pipeline: still filtered to "demo", which matches each end's command
tmux_ send-keys -t 0 5; wait_for "demo-logread"; shot pipes
tmux_ send-keys -t 0 '\' BSpace BSpace BSpace BSpace Enter
# the POSIX objects, and what the health rules find
tmux_ send-keys -t 0 6; wait_for "/demo-jobs"; shot posix-queues
tmux_ send-keys -t 0 7; wait_for "/demo-cache"; shot posix-shm
tmux_ send-keys -t 0 9; wait_for "posix-orphan"; shot health
# every IPC namespace: the picker, then all of them together
tmux_ send-keys -t 0 1 N; wait_for "demo-container("; shot namespaces
tmux_ send-keys -t 0 Home Enter; wait_for "ns: all"; wait_for "demo-container("; shot all-namespaces
tmux_ send-keys -t 0 N; wait_for "IPC namespaces"
tmux_ send-keys -t 0 Down Enter; wait_for "0x49500002"
# tag the unattached segment and the shared one, then ask to remove them
# (keys act on a row once it is drawn: a moment between moving and tagging)
tmux_ send-keys -t 0 3; wait_for "0x49500022"
tmux_ send-keys -t 0 / 0x49500022 Enter; sleep 0.3; tmux_ send-keys -t 0 Space; wait_for "tagged:1"
tmux_ send-keys -t 0 / 0x49500020 Enter; sleep 0.3; tmux_ send-keys -t 0 Space; wait_for "tagged:2"
tmux_ send-keys -t 0 F9
wait_for "Remove 2 objects?"; shot remove-dialog
tmux_ send-keys -t 0 n F1; wait_for "ipctop help"; shot help
tmux_ send-keys -t 0 Escape q
