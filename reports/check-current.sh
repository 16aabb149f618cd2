#!/bin/sh
# Fails when the committed reports/ are not what rules/ and statutes/ give
# now: regenerates every report into a temporary directory with
# make-reports.sh and compares, naming each stale, missing or extra file.
# Run by `make test`; `make report` (then commit reports/) fixes it.
#
# usage: check-current.sh [OPGAP]
set -u
OPGAP=${1:-build/opgap}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! sh reports/make-reports.sh "$OPGAP" "$tmp/reports" >"$tmp/log" 2>&1; then
  echo "reports-current: make-reports.sh failed:"
  sed 's/^/    /' "$tmp/log" | tail -n 15
  exit 1
fi
stale=""
for f in $(cd "$tmp/reports" && ls); do
  if [ ! -f "reports/$f" ]; then stale="$stale reports/$f:missing"
  elif ! cmp -s "reports/$f" "$tmp/reports/$f"; then stale="$stale reports/$f"
  fi
done
# A committed report that nothing produces any more (a removed profile).
for f in $(cd reports && ls); do
  case $f in *.sh) continue ;; esac
  [ -f "$tmp/reports/$f" ] || stale="$stale reports/$f:no-longer-produced"
done
if [ -n "$stale" ]; then
  echo "reports-current: reports/ is stale; run 'make report' and commit reports/:"
  for f in $stale; do echo "    $f" | sed 's/:missing$/ (missing)/; s/:no-longer-produced$/ (no longer produced)/'; done
  exit 1
fi
echo "reports-current: reports/ matches rules/ and statutes/ ($(ls "$tmp/reports" | wc -l | tr -d ' ') files)"
