#!/bin/sh
# deps.sh: install what fangyi needs on Debian 12, only what is missing.
# usage: scripts/deps.sh build|test|bench   (test and bench include build)
set -eu
what=${1:-build}

pkgs="build-essential pkg-config meson ninja-build libmicrohttpd-dev libsqlite3-dev libpq-dev
libjansson-dev libsodium-dev libcrack2-dev cracklib-runtime libcsv-dev libxlsxwriter-dev libzip-dev libexpat1-dev libfreexl-dev libssl-dev libjemalloc-dev zlib1g-dev sqlite3 nodejs npm ca-certificates curl"
case $what in
test) pkgs="$pkgs postgresql chromium fonts-noto-cjk procps python3 nginx openssl" ;;
fuzz) pkgs="$pkgs clang-14 libclang-rt-14-dev" ;;
bench) pkgs="$pkgs postgresql wrk procps bc time chromium fonts-noto-cjk" ;;
esac

missing=
for p in $pkgs; do
	# nodejs/npm may come from elsewhere (NodeSource ships npm inside nodejs)
	case $p in
	nodejs) command -v node >/dev/null 2>&1 && continue ;;
	npm) command -v npm >/dev/null 2>&1 && continue ;;
	esac
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "fangyi: installing Debian packages:$missing"
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# The tests run PostgreSQL and nginx of their own, in temp directories: the system's services
# are not started by the install (on a machine without systemd they would take ports 80 and
# 5432, and a port already taken would fail the install).  policy-rc.d says so to the packages'
# scripts for the install's length, unless the machine has one of its own.
policy=
if [ ! -e /usr/sbin/policy-rc.d ]; then
	policy=/usr/sbin/policy-rc.d
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee $policy >/dev/null
	$SUDO chmod 755 $policy
	trap '$SUDO rm -f $policy' EXIT
fi
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
