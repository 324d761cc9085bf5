#!/bin/sh
# web.sh: build the browser UI (web/) into web/dist, doing only what is out of date:
#   npm ci     when node_modules is missing or package-lock.json is newer than its install;
#   npm build  when dist is missing or older than a source file.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../web"

if ! command -v npm >/dev/null 2>&1; then
	echo "web.sh: npm is missing (scripts/deps.sh build installs it)" >&2
	exit 1
fi

if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] ||
	[ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "web.sh: npm ci"
	"$here/npm-ci.sh" .
fi

stale=
if [ ! -f dist/index.html ]; then
	stale=yes
elif [ -n "$(find src public index.html package.json package-lock.json vite.config.js pwa.config.js compress.mjs check-dist.mjs \
	node_modules/.package-lock.json -newer dist/index.html -print 2>/dev/null | head -n 1)" ]; then
	stale=yes
fi

if [ -n "$stale" ]; then
	# Debian 12's Node (18) has no global `crypto`, which the service worker's build calls in its
	# worker threads (serialize-javascript, through workbox's terser); Node 19 and later have it.
	if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 19 ]; then
		NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--experimental-global-webcrypto"
		export NODE_OPTIONS
	fi
	echo "web.sh: npm run build"
	npm run build
fi
exit 0
