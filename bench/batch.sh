#!/bin/sh
# bench/batch.sh - opgap batch on generated profiles against libyaml alone.
#
#   sh bench/batch.sh [OPGAP] [N]        (N defaults to 10000)
#
# Generates N valid profiles from the shipped national profiles
# (statutes/pa.yaml, statutes/us/federal.yaml, statutes/reference/model.yaml):
# each copy gets its own id and loses a random ~30% of its facts (never the
# first of a group), so the facts and findings vary. Then, side by side in
# one run over the same files:
#   yamlparse -l LIST                         libyaml's parser, events only
#   opgap batch --format csv  -o matrix.csv   the full rule set, 2 workers
#   opgap batch --format html -o matrix.html
# and prints each wall time and the ratio opgap/libyaml (target <= 1.2),
# then the peak memory (/usr/bin/time -v "Maximum resident set size") of
# the CSV and HTML runs for N/5 and N profiles. A benchmark, not a test: it
# never fails on the figures.
set -eu
OPGAP=${1:-build/opgap}
N=${2:-10000}
W=${BENCH_DIR:-$(mktemp -d)}
trap 'rm -rf "$W"' EXIT
[ -x "$OPGAP" ] || { echo "build opgap first (make), or pass its path"; exit 1; }
cc -O2 -o "$W/yamlparse" bench/yamlparse.c -lyaml

gen() { sh bench/gen-profiles.sh "$1" "$2"; } # COUNT DIR

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }

echo "generating $N profiles"
gen "$N" "$W/p$N"
"$OPGAP" batch -q --format csv -o /dev/null "$W/p$N" 2>"$W/err" ||
  { echo "generated profiles do not load:"; head -n 5 "$W/err"; exit 1; }

# Warm the page cache, then time each side, interleaved, ROUNDS times (3
# by default), keeping each side's best: a busy machine then slows both
# sides alike instead of whichever ran at the wrong moment.
"$W/yamlparse" -l "$W/p$N.list" >/dev/null
y=; c=; h=
min() { if [ -z "$1" ] || [ "$2" -lt "$1" ]; then echo "$2"; else echo "$1"; fi; }
r=0
while [ $r -lt "${ROUNDS:-3}" ]; do
  t0=$(now); "$W/yamlparse" -l "$W/p$N.list" >/dev/null; t1=$(now)
  "$OPGAP" batch -q --format csv -o "$W/matrix.csv" "$W/p$N"; t2=$(now)
  "$OPGAP" batch -q --format html -o "$W/matrix.html" "$W/p$N"; t3=$(now)
  y=$(min "$y" "$(ms $t0 $t1)"); c=$(min "$c" "$(ms $t1 $t2)"); h=$(min "$h" "$(ms $t2 $t3)")
  r=$((r + 1))
done
echo "profiles:           $N ($(du -sh "$W/p$N" | cut -f1), rules: $(head -n 1 "$W/matrix.csv" | tr ',' '\n' | grep -c '\.'))"
echo "libyaml parse only: ${y} ms"
echo "opgap batch csv:    ${c} ms  ratio $(awk -v a=$c -v b=$y 'BEGIN { printf "%.2f", a / b }') (target <= 1.2)"
echo "opgap batch html:   ${h} ms  ratio $(awk -v a=$h -v b=$y 'BEGIN { printf "%.2f", a / b }') (output $(du -h "$W/matrix.html" | cut -f1))"

small=$((N / 5))
gen "$small" "$W/p$small"
rss() { # FORMAT DIR -> peak RSS in MB
  /usr/bin/time -v "$OPGAP" batch -q --format "$1" -o /dev/null "$2" 2>&1 >/dev/null |
    awk '/Maximum resident set size/ { printf "%.1f", $NF / 1024 }'
}
echo "peak memory csv:    $(rss csv "$W/p$small") MB for $small profiles, $(rss csv "$W/p$N") MB for $N"
echo "peak memory html:   $(rss html "$W/p$small") MB for $small profiles, $(rss html "$W/p$N") MB for $N"
