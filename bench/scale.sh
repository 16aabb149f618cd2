#!/bin/sh
# bench/scale.sh - every output of batch and scan at scale, in one run.
#
#   sh bench/scale.sh [OPGAP]
#
# Batch (profiles made by bench/gen-profiles.sh from the shipped national
# profiles; N=10000 by default):
#   - each format's time (csv, json, md, html) against the floor, libyaml's
#     parser alone over the same files (bench/yamlparse.c, one thread):
#     with one worker (-j 1) against that floor, and with every core
#     (-j $(nproc)); best of ROUNDS (3) interleaved rounds;
#   - the HTML page's size;
#   - each format's peak memory (/usr/bin/time -v) at 1,000, 10,000 and
#     100,000 profiles (SIZES to change them).
# Scan (text made by repeating the statute and treaty texts of
# ../shared; skipped without them):
#   - json and sarif against text on 100 MB (best of ROUNDS);
#   - each format's peak memory at 10, 100 and 1,000 MB (SCAN_MB).
# The outputs go to files in a temporary directory (BENCH_DIR to keep
# them). A benchmark, not a test: it never fails on the figures.
set -eu
OPGAP=${1:-build/opgap}
N=${N:-10000}
ROUNDS=${ROUNDS:-3}
SIZES=${SIZES:-1000 10000 100000}
SCAN_MB=${SCAN_MB:-10 100 1000}
W=${BENCH_DIR:-$(mktemp -d)}
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$W"' EXIT
[ -x "$OPGAP" ] || { echo "build opgap first (make), or pass its path"; exit 1; }
cc -O2 -o "$W/yamlparse" bench/yamlparse.c -lyaml
CORES=$(nproc)

now() { date +%s%N; }
best() { # CURRENT NEW -> the smaller, in ms
  if [ -z "$1" ] || [ "$2" -lt "$1" ]; then echo "$2"; else echo "$1"; fi
}
run_ms() { # COMMAND... -> wall time in ms
  t0=$(now); "$@" >/dev/null; t1=$(now); echo $(( (t1 - t0) / 1000000 ))
}
rss_mb() { # COMMAND... -> peak resident memory in MB
  /usr/bin/time -v "$@" 2>&1 >/dev/null |
    awk '/Maximum resident set size/ { printf "%.1f", $NF / 1024 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "== batch: $N profiles, $CORES cores"
sh bench/gen-profiles.sh "$N" "$W/p$N"
"$W/yamlparse" -l "$W/p$N.list" >/dev/null # warm the page cache
floor=
for f in csv json md html; do eval "one_$f= all_$f="; done
r=0
while [ $r -lt "$ROUNDS" ]; do
  floor=$(best "$floor" "$(run_ms "$W/yamlparse" -l "$W/p$N.list")")
  for f in csv json md html; do
    eval "one_$f=\$(best \"\$one_$f\" \"\$(run_ms \"\$OPGAP\" batch -q -j 1 --format $f -o \"\$W/m1.$f\" \"\$W/p\$N\")\")"
    eval "all_$f=\$(best \"\$all_$f\" \"\$(run_ms \"\$OPGAP\" batch -q -j $CORES --format $f -o \"\$W/m.$f\" \"\$W/p\$N\")\")"
  done
  r=$((r + 1))
done
echo "libyaml parse only (one thread): $floor ms"
printf '%-6s %14s %8s %16s %8s\n' format "-j 1 (ms)" ratio "-j $CORES (ms)" ratio
for f in csv json md html; do
  eval "a=\$one_$f b=\$all_$f"
  printf '%-6s %14s %8s %16s %8s\n' "$f" "$a" "$(ratio "$a" "$floor")" "$b" "$(ratio "$b" "$floor")"
done
echo "html page: $(wc -c <"$W/m.html") bytes; findings files beside it: $(du -sh "$W/m-details" | cut -f1)"
rm -rf "$W"/m* "$W/p$N" "$W/p$N.list"

echo "== batch: peak memory (MB), default jobs"
printf '%-10s %8s %8s %8s %8s\n' profiles csv json md html
for n in $SIZES; do
  sh bench/gen-profiles.sh "$n" "$W/s$n"
  line=$(printf '%-10s' "$n")
  for f in csv json md html; do
    line="$line $(printf '%8s' "$(rss_mb "$OPGAP" batch -q --format $f -o "$W/s.$f" "$W/s$n")")"
  done
  echo "$line"
  rm -rf "$W/s$n" "$W/s$n.list" "$W"/s.* "$W/s-details"
done

src=""
for d in ../shared/statutes-text ../shared/treaties; do
  [ -d "$d" ] && src="$src $(find "$d" -name '*.txt' | sort | tr '\n' ' ')"
done
if [ -z "$src" ]; then
  echo "SKIP scan: ../shared/statutes-text not found"
  exit 0
fi
cat $src >"$W/one.txt"
mktext() { # MB FILE
  want=$(($1 * 1024 * 1024)); : >"$2"
  while [ "$(wc -c <"$2")" -lt "$want" ]; do
    cat "$W/one.txt" "$W/one.txt" "$W/one.txt" "$W/one.txt" >>"$2"
  done
  truncate -s "$want" "$2"
}
echo "== scan: 100 MB, default jobs"
mktext 100 "$W/t100.txt"
for f in text json sarif; do eval "t_$f="; done
r=0
while [ $r -lt "$ROUNDS" ]; do
  sync
  for f in text json sarif; do
    eval "t_$f=\$(best \"\$t_$f\" \"\$(run_ms sh -c '\"\$0\" scan --format $f -o \"\$1\" \"\$2\"; [ \$? -le 1 ]' \"\$OPGAP\" \"\$W/o.$f\" \"\$W/t100.txt\")\")"
    sync
  done
  r=$((r + 1))
done
for f in text json sarif; do
  eval "t=\$t_$f"
  echo "$f: $t ms, ratio to text $(ratio "$t" "$t_text"), report $(wc -c <"$W/o.$f") bytes"
done
rm -f "$W"/o.*
echo "== scan: peak memory (MB)"
printf '%-8s %8s %8s %8s\n' MB text json sarif
for mb in $SCAN_MB; do
  mktext "$mb" "$W/t.txt"
  line=$(printf '%-8s' "$mb")
  for f in text json sarif; do
    line="$line $(printf '%8s' "$(rss_mb "$OPGAP" scan --format $f -o "$W/o.$f" "$W/t.txt")")"
    rm -f "$W/o.$f"
  done
  echo "$line"
done
