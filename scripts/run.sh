#!/bin/sh
# run.sh: `make run`: the demo town on first run, then serve, saying where to log in.
# usage: scripts/run.sh BINARY DB LISTEN
set -eu
bin=$1
db=$2
listen=$3
logins=${db%.db}-demo-logins.txt

if [ ! -e "$db" ]; then
	echo "fangyi: first run: building the demo town in $db (a minute at most)"
	# fangyi writes the passwords to a file only its owner can read (0600), whatever the umask
	"$bin" demo --db "$db" --logins "$logins"
	cat "$logins"
fi
echo
echo "  fangyi: open http://$listen/ in a browser and log in"
if [ -f "$logins" ]; then
	echo "  demo logins (kept in $logins, readable only by you; delete it once noted):"
	sed -n 's/^  \([a-z]*\)  *\([A-Za-z0-9]*\)  *\([a-z]*\)  *\(.*\)$/    \1 \/ \2   (\3, \4)/p' "$logins"
fi
echo
exec "$bin" serve --db "$db" --listen "$listen" --web web/dist
