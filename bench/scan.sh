#!/bin/sh
# bench/scan.sh - opgap scan against ripgrep on 100 MB of statute text.
#
#   sh bench/scan.sh [OPGAP] [MEGABYTES]
#
# Builds a text of MEGABYTES (default 100) by repeating the shipped statute
# and treaty texts, extracts every rule pattern into one file, and times in
# one run, side by side:
#   rg --no-unicode -c -f PATTERNS TEXT   (counts matching lines)
#   opgap scan TEXT                       (reports every match position)
# then prints both times and the ratio opgap/rg (the target is <= 1.0).
# Patterns ripgrep's engine refuses (look-around; with --no-unicode, any
# non-ASCII character such as the 'ó' of Spanish patterns) are left out of
# rg's file and counted; opgap still runs every pattern, so the comparison
# favours rg.
# This is a benchmark, not a test: it never fails on the ratio.
set -eu
OPGAP=${1:-build/opgap}
MB=${2:-100}
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

# The text: the shipped texts, repeated up to MB megabytes.
src=""
for d in tests/statutes-text /work/shared/statutes-text /work/shared/treaties ../shared/statutes-text ../shared/treaties; do
  [ -d "$d" ] && src="$src $(find "$d" -name '*.txt' | sort | tr '\n' ' ')"
done
[ -n "$src" ] || { echo "no statute texts found"; exit 1; }
cat $src >"$W/one.txt"
want=$((MB * 1024 * 1024))
: >"$W/text.txt"
while [ "$(wc -c <"$W/text.txt")" -lt "$want" ]; do
  cat "$W/one.txt" "$W/one.txt" "$W/one.txt" "$W/one.txt" >>"$W/text.txt"
done
head -c "$want" "$W/text.txt" >"$W/t" && mv "$W/t" "$W/text.txt"

# The patterns: every `regex:` of the rule files (single-quoted YAML).
sed -n "s/^ *regex: '\(.*\)'\$/\1/p" rules/*.yaml | sed "s/''/'/g" >"$W/all.pat"
: >"$W/rg.pat"
while IFS= read -r p; do
  printf '%s\n' "$p" >"$W/one.pat"
  rc=0; rg --no-unicode -c -f "$W/one.pat" /dev/null >/dev/null 2>&1 || rc=$?
  [ "$rc" -ne 2 ] && printf '%s\n' "$p" >>"$W/rg.pat"
done <"$W/all.pat"
npat=$(wc -l <"$W/all.pat"); nrg=$(wc -l <"$W/rg.pat")

now() { date +%s.%N; }
t0=$(now)
rg --no-unicode -c -f "$W/rg.pat" "$W/text.txt" >"$W/rg.out" || true
t1=$(now)
"$OPGAP" scan --rules rules "$W/text.txt" >"$W/og.out" || [ $? = 1 ]
t2=$(now)
rg_t=$(echo "$t1 - $t0" | bc -l); og_t=$(echo "$t2 - $t1" | bc -l)
matches=$(tail -n 1 "$W/og.out" | cut -d' ' -f1)
printf 'text: %s MB; patterns: %s (%s given to rg, %s it refuses left out)\n' \
  "$MB" "$npat" "$nrg" "$((npat - nrg))"
printf 'rg --no-unicode -c -f: %.2f s (%s matching lines)\n' "$rg_t" "$(cat "$W/rg.out")"
printf 'opgap scan (text, every match position): %.2f s (%s matches)\n' "$og_t" "$matches"
printf 'ratio opgap/rg: %.2f (target <= 1.0)\n' "$(echo "$og_t / $rg_t" | bc -l)"
