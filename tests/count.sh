#!/bin/sh
# Runs one test suite and records how many tests it ran, for the closing
# line of `make test`.
#
#   tests/count.sh NAME COMMAND [ARG...]   run COMMAND (its output passes
#       through, its exit status is returned); when $OPGAP_COUNTS names a
#       file, append "NAME PASSED FAILED SKIPPED" to it. The counts are those
#       of the last line of the output that reads "N passed, N failed" (",
#       N skipped" may follow); a suite without such a line counts as one
#       test, passed or failed by its exit status, or skipped when it
#       printed "SKIP <test>: <why>" lines (one skipped test each).
#   tests/count.sh --total FILE            print the totals of FILE:
#       "all test suites passed: N passed, 0 failed, K skipped" (or
#       "... failed: ..."), exit 1 when some test failed.
set -u
if [ "${1:-}" = --total ]; then
  [ -f "$2" ] || { echo "count: $2: no suite recorded"; exit 1; }
  awk '{ p += $2; f += $3; k += $4 }
       END { printf "all test suites %s: %d passed, %d failed, %d skipped\n",
                    f ? "did not pass" : "passed", p, f, k; exit f ? 1 : 0 }' "$2"
  exit $?
fi
name=$1; shift
out=$(mktemp) || exit 2
rcf=$(mktemp) || exit 2
trap 'rm -f "$out" "$rcf"' EXIT
{ "$@"; echo $? >"$rcf"; } 2>&1 | tee "$out"
rc=$(cat "$rcf")
if [ -n "${OPGAP_COUNTS:-}" ]; then
  line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
  if [ -n "$line" ]; then
    f=$(printf '%s\n' "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    k=0
    case $line in *" skipped"*) k=$(printf '%s\n' "$line" | sed -E 's/.* ([0-9]+) skipped.*/\1/') ;; esac
    p=$(printf '%s\n' "$line" | sed -E 's/^(.*[^0-9])?([0-9]+) passed, .*/\2/')
  else
    k=$(grep -c '^SKIP ' "$out")
    p=0; f=0
    if [ "$rc" != 0 ]; then f=1; elif [ "$k" = 0 ]; then p=1; fi
  fi
  # a suite that exits non-zero has failed, whatever it printed
  [ "$rc" != 0 ] && [ "$f" = 0 ] && f=1
  echo "$name $p $f $k" >>"$OPGAP_COUNTS"
fi
exit "$rc"
