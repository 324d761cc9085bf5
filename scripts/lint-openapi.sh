#!/bin/sh
# lint-openapi.sh: src/api/openapi.json against the standard OpenAPI 3 ruleset (Spectral's
# spectral:oas, pinned in tests/api/package-lock.json), as a client generator would read it.
# Every error and every warning is a failure: prints the problems, then "N passed, N failed"
# (1 passed when the document is clean, else one failure per problem) and exits 1 on any.
set -eu
cd "$(dirname "$0")/.."
[ -x tests/api/node_modules/.bin/spectral ] || scripts/npm-ci.sh tests/api >&2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# spectral exits 1 when it finds problems; the JSON report is what is counted
tests/api/node_modules/.bin/spectral lint --quiet --format json --output "$out" \
	--ruleset tests/api/.spectral.yaml src/api/openapi.json || true
node -e '
const fs = require("node:fs");
const text = fs.readFileSync(process.argv[1], "utf8").trim();
if (!text.startsWith("[")) { console.error(text || "spectral wrote no report"); console.log("0 passed, 1 failed"); process.exit(1); }
const sev = ["error", "warning", "info", "hint"];
const bad = JSON.parse(text).filter((p) => p.severity <= 1);
for (const p of bad) console.log(`${sev[p.severity]} ${p.code} ${p.path.join(".")}: ${p.message}`);
console.log(bad.length ? `0 passed, ${bad.length} failed` : "1 passed, 0 failed");
process.exit(bad.length ? 1 : 0);
' "$out"
