#!/bin/sh
# bench/scan.sh - opgap scan against ripgrep on 100 MB of statute text.
#
#   sh bench/scan.sh [OPGAP] [MEGABYTES]
#
# Builds a text of MEGABYTES (default 100) by repeating the statute and
# treaty texts of ../shared (beside the repository root: *.txt under
# statutes-text/ and treaties/), extracts every rule pattern into one file, and times in
# one run, side by side:
#   rg -i --no-unicode -c -f PATTERNS TEXT (counts matching lines; -i
#                                          because opgap's patterns are
#                                          caseless: the same patterns)
#   opgap scan TEXT                       (reports every match position;
#                                          scan's default, two threads, or
#                                          -j $JOBS when JOBS is set)
#   opgap scan -j 1 TEXT                  (the same on one thread)
# then prints the times and the ratio of the default to rg -i (the target
# is <= 1.0). For context: the one-thread ratio (ripgrep
# searches one file with one thread), and rg without -i (the issue's
# command as written, which matches fewer lines than the same patterns
# caseless). Each is run ROUNDS times (default 3), interleaved, and its
# best time kept.
# Patterns ripgrep's engine refuses (look-around; with --no-unicode, any
# non-ASCII character such as the 'ó' of Spanish patterns) are left out of
# rg's file and counted; opgap still runs every pattern, so the comparison
# favours rg.
# BEFORE=PATH times another opgap binary too, interleaved with the same
# rounds (for a change to the scanner: its ratio before and after, in one
# run); RULES=DIR gives both the same rule set (default rules/), so that
# only the scanner differs.
# This is a benchmark, not a test: it never fails on the ratio.
set -eu
OPGAP=${1:-build/opgap}
MB=${2:-100}
JOBS=${JOBS:-}
W=${BENCH_DIR:-$(mktemp -d)}
trap 'rm -rf "$W"' EXIT

if ! command -v rg >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing ripgrep"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ripgrep) >/dev/null
  else
    echo "ripgrep missing: install it with: sudo apt-get install ripgrep"; exit 1
  fi
fi
[ -x "$OPGAP" ] || { echo "build opgap first (make), or pass its path"; exit 1; }

# The text: the texts of ../shared, repeated up to MB megabytes.
S=$(cd "$(dirname "$0")/.." && pwd)/../shared
src=""
for d in "$S/statutes-text" "$S/treaties"; do
  [ -d "$d" ] && src="$src $(find "$d" -name '*.txt' | sort | tr '\n' ' ')"
done
[ -n "$src" ] || { echo "no statute texts: ../shared/statutes-text not found"; exit 1; }
cat $src >"$W/one.txt"
want=$((MB * 1024 * 1024))
: >"$W/text.txt"
while [ "$(wc -c <"$W/text.txt")" -lt "$want" ]; do
  cat "$W/one.txt" "$W/one.txt" "$W/one.txt" "$W/one.txt" >>"$W/text.txt"
done
head -c "$want" "$W/text.txt" >"$W/t" && mv "$W/t" "$W/text.txt"

# The patterns: every `regex:` of the rule files (single-quoted YAML).
RULES=${RULES:-rules}
BEFORE=${BEFORE:-}
sed -n "s/^ *regex: '\(.*\)'\$/\1/p" "$RULES"/*.yaml | sed "s/''/'/g" >"$W/all.pat"
: >"$W/rg.pat"; : >"$W/empty"
while IFS= read -r p; do
  printf '%s\n' "$p" >"$W/one.pat"
  rc=0; rg -i --no-unicode -c -f "$W/one.pat" "$W/empty" >/dev/null 2>&1 || rc=$?
  [ "$rc" -ne 2 ] && printf '%s\n' "$p" >>"$W/rg.pat"
done <"$W/all.pat"
npat=$(wc -l <"$W/all.pat"); nrg=$(wc -l <"$W/rg.pat")

now() { date +%s.%N; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
min() { if [ -z "$1" ] || awk -v a="$1" -v b="$2" 'BEGIN { exit !(b < a) }'; then echo "$2"; else echo "$1"; fi; }
# One timed command: dirty pages of the last run's report are written out
# first (sync, not timed), so a run does not pay for the one before.
timed() { # OUT CMD... -> seconds
  out=$1; shift
  rm -f "$out"; sync
  t0=$(now); "$@" >"$out" || [ $? = 1 ]; t1=$(now)
  sub "$t1" "$t0"
}
# Warm the page cache, then time each command, interleaved, ROUNDS times
# (3 by default), keeping each one's best: a busy machine then slows all of
# them alike instead of whichever ran at the wrong moment.
# The comparison: ripgrep case-insensitive, as opgap's patterns are
# (PCRE2_CASELESS); then, for context only, case-sensitive.
cksum "$W/text.txt" >"$W/cksum"
rgi_t=; rg_t=; og_t=; ogj_t=; ogb_t=
r=0
while [ $r -lt "${ROUNDS:-3}" ]; do
  rgi_t=$(min "$rgi_t" "$(timed "$W/rgi.out" rg -i --no-unicode -c -f "$W/rg.pat" "$W/text.txt")")
  rg_t=$(min "$rg_t" "$(timed "$W/rg.out" rg --no-unicode -c -f "$W/rg.pat" "$W/text.txt")")
  og_t=$(min "$og_t" "$(timed "$W/og.out" "$OPGAP" scan --rules "$RULES" -j 1 "$W/text.txt")")
  ogj_t=$(min "$ogj_t" "$(timed "$W/ogj.out" "$OPGAP" scan --rules "$RULES" ${JOBS:+-j "$JOBS"} "$W/text.txt")")
  if [ -n "$BEFORE" ]; then
    ogb_t=$(min "$ogb_t" "$(timed "$W/ogb.out" "$BEFORE" scan --rules "$RULES" ${JOBS:+-j "$JOBS"} "$W/text.txt")")
  fi
  r=$((r + 1))
done
cmp -s "$W/og.out" "$W/ogj.out" || echo "warning: the default's output differs from -j 1's"
matches=$(tail -n 1 "$W/og.out" | cut -d' ' -f1)
printf 'text: %s MB; patterns: %s (%s given to rg, %s it refuses left out); best of %s rounds\n' \
  "$MB" "$npat" "$nrg" "$((npat - nrg))" "${ROUNDS:-3}"
printf 'rg -i --no-unicode -c -f: %s s (%s matching lines)\n' "$rgi_t" "$(cat "$W/rgi.out")"
printf '(context: rg --no-unicode -c -f, case-sensitive: %s s, %s matching lines)\n' "$rg_t" "$(cat "$W/rg.out")"
printf 'opgap scan -j 1 (text, every match position): %s s (%s matches, %s MB of report)\n' \
  "$og_t" "$matches" "$(($(wc -c <"$W/og.out") / 1048576))"
printf 'opgap scan (%s): %s s\n' "${JOBS:+-j $JOBS}${JOBS:-the default, two threads}" "$ogj_t"
printf 'ratio opgap scan/rg -i: %s (target <= 1.0)\n' "$(div "$ogj_t" "$rgi_t")"
if [ -n "$BEFORE" ]; then
  cmp -s "$W/ogb.out" "$W/ogj.out" || echo "warning: $BEFORE's report differs"
  printf 'before (%s): %s s, ratio to rg -i %s; after/before %s\n' "$BEFORE" "$ogb_t" \
    "$(div "$ogb_t" "$rgi_t")" "$(div "$ogj_t" "$ogb_t")"
fi
printf '(context: opgap -j 1/rg -i, one thread each: %s; opgap scan/case-sensitive rg: %s)\n' \
  "$(div "$og_t" "$rgi_t")" "$(div "$ogj_t" "$rg_t")"
