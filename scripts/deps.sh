#!/usr/bin/env bash
# Install the Debian packages ipctop needs to build, test, benchmark and
# take screenshots, skipping what is already there. Needs root (or sudo).
set -euo pipefail

build_pkgs=(gcc make pkg-config libncurses-dev libproc2-dev libmicrohttpd-dev)
test_pkgs=(libcmocka-dev python3 tmux util-linux procps valgrind strace prometheus)
want=("${build_pkgs[@]}")
case "${1:-all}" in
build) ;;
all) want+=("${test_pkgs[@]}") ;;
*) echo "usage: $0 [build|all]" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "ipctop: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
