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
#     (-j $(nproc)). This machine's speed drifts by up to a half within a
#     minute, so each run of a format comes right after a run of the
#     floor, and the figure is the median of the ROUNDS (5) ratios of
#     those back-to-back pairs (their best beside it, and the best times);
#   - the HTML page's size;
#   - each format's peak memory (/usr/bin/time -v) at 1,000, 10,000 and
#     100,000 profiles (SIZES to change them).
# Scan (text made by repeating the statute and treaty texts of
# ../shared; skipped without them):
#   - json and sarif against text on 100 MB: pairs as above (text, then
#     the format, each after a sync), median and best of ROUNDS ratios;
#   - each format's peak memory at 10, 100 and 1,000 MB (SCAN_MB).
# The outputs go to files in a temporary directory (BENCH_DIR to keep
# them). A benchmark, not a test: it never fails on the figures.
set -eu
OPGAP=${1:-build/opgap}
N=${N:-10000}
ROUNDS=${ROUNDS:-5}
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
median() { # NUMBERS... -> the median
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 }
    END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
least() { printf '%s\n' "$@" | sort -n | head -n 1; }

echo "== batch: $N profiles, $CORES cores"
sh bench/gen-profiles.sh "$N" "$W/p$N"
"$W/yamlparse" -l "$W/p$N.list" >/dev/null # warm the page cache
floor=
for f in csv json md html; do eval "one_$f= all_$f= r1_$f= ra_$f="; done
r=0
while [ $r -lt "$ROUNDS" ]; do
  for f in csv json md html; do
    for j in 1 "$CORES"; do
      fl=$(run_ms "$W/yamlparse" -l "$W/p$N.list")
      t=$(run_ms "$OPGAP" batch -q -j "$j" --format $f -o "$W/m$j.$f" "$W/p$N")
      floor=$(best "$floor" "$fl")
      if [ "$j" = 1 ]; then w=one k=1; else w=all k=a; fi
      eval "${w}_$f=\$(best \"\$${w}_$f\" $t)"
      eval "r${k}_$f=\"\$r${k}_$f $(ratio "$t" "$fl")\""
    done
  done
  r=$((r + 1))
done
echo "libyaml parse only (one thread), best: $floor ms"
echo "ratios: each run over the floor's run just before it; median (best) of $ROUNDS"
printf '%-6s %10s %14s %16s %14s\n' format "-j 1 (ms)" "ratio" "-j $CORES (ms)" "ratio"
for f in csv json md html; do
  eval "a=\$one_$f b=\$all_$f x=\$r1_$f y=\$ra_$f"
  # shellcheck disable=SC2086 # the ratios are words
  printf '%-6s %10s %14s %16s %14s\n' "$f" "$a" "$(median $x) ($(least $x))" \
    "$b" "$(median $y) ($(least $y))"
done
m=m$CORES
if [ -d "$W/$m-details" ]; then beside="$(du -sh "$W/$m-details" | cut -f1)"; else beside="none (in the page)"; fi
echo "html page: $(wc -c <"$W/$m.html") bytes; findings files beside it: $beside"
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
for f in text json sarif; do eval "t_$f= r_$f="; done
scan_ms() { # FORMAT -> wall time in ms (exit 1, matches found, is success)
  sync
  run_ms sh -c '"$0" scan --format "$1" -o "$2" "$3"; [ $? -le 1 ]' \
    "$OPGAP" "$1" "$W/o.$1" "$W/t100.txt"
}
r=0
while [ $r -lt "$ROUNDS" ]; do
  for f in json sarif; do
    tt=$(scan_ms text)
    t=$(scan_ms $f)
    t_text=$(best "$t_text" "$tt")
    eval "t_$f=\$(best \"\$t_$f\" $t)"
    eval "r_$f=\"\$r_$f $(ratio "$t" "$tt")\""
  done
  r=$((r + 1))
done
echo "text: $t_text ms (best), report $(wc -c <"$W/o.text") bytes"
for f in json sarif; do
  eval "t=\$t_$f x=\$r_$f"
  # shellcheck disable=SC2086
  echo "$f: $t ms (best); ratio to the text run just before it: median $(median $x) (best $(least $x)) of $ROUNDS; report $(wc -c <"$W/o.$f") bytes"
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
