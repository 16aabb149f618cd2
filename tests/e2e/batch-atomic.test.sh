#!/bin/sh
# opgap batch writes its outputs atomically: a failed run leaves the previous
# matrices byte for byte, and a run killed at any moment leaves at each
# output path either the previous file or a complete new one, never a
# half-written file. $OPGAP is the binary, $T a fresh directory.
set -u
# Kills at moments spread over a run need the binary's own timing: under a
# valgrind wrapper each run is 30 times slower and the moments mean
# nothing (batch's memory is checked under valgrind by the batch cases).
case $(head -c 4 "$OPGAP" | od -An -c | tr -d ' ') in
  177ELF) ;;
  *) echo "SKIPPED (not passed): \$OPGAP is a wrapper, not the opgap binary"; exit 77 ;;
esac
fail() { echo "FAIL: $*"; exit 1; }
R=tests/fixtures/rules
out="$T/out"
"$OPGAP" batch -q -r $R --out-dir "$out" tests/browser/profiles || fail "first run"
for f in matrix.csv matrix.json matrix.md matrix.html; do
  [ -s "$out/$f" ] || fail "$f not written"
  cp "$out/$f" "$T/prev-$f"
done

# A failed run (the rule set does not load) changes nothing.
mkdir "$T/badrules"
printf 'rules: [\n' >"$T/badrules/sources.yaml"
"$OPGAP" batch -q -r "$T/badrules" --out-dir "$out" tests/browser/profiles 2>"$T/err" && fail "bad rules accepted"
grep -q 'badrules/sources.yaml:' "$T/err" || fail "no FILE:LINE:COL for the bad rules: $(cat "$T/err")"
for f in matrix.csv matrix.json matrix.md matrix.html; do
  cmp -s "$out/$f" "$T/prev-$f" || fail "$f changed by a failed run"
done
ls "$out" | grep -q tmp && fail "temporary file left by a failed run"

# Interrupted while evaluating: a FIFO given as a profile blocks one worker
# until the run is killed; nothing may have been replaced by then.
mkfifo "$T/blocked.yaml"
"$OPGAP" batch -q -r $R --out-dir "$out" tests/browser/profiles "$T/blocked.yaml" 2>/dev/null &
pid=$!
sleep 0.3
kill -0 $pid 2>/dev/null || fail "the run did not wait on the FIFO"
kill -9 $pid; wait $pid 2>/dev/null
for f in matrix.csv matrix.json matrix.md matrix.html; do
  cmp -s "$out/$f" "$T/prev-$f" || fail "$f changed by a run killed while evaluating"
done

# Killed at moments spread over a whole run of 2,000 profiles (evaluating,
# then writing four files with fsync): each output path holds the previous
# file or a complete new one.
mkdir "$T/many"
awk -v dir="$T/many" 'NR == FNR { body = body $0 "\n"; next } END {
  sub(/^id: browser\/alpha\n/, "", body)
  for (i = 0; i < 2000; i++) printf "id: many/p%04d\n%s", i, body > (dir "/p" i ".yaml") }' \
  tests/browser/profiles/alpha.yaml /dev/null
now() { date +%s%N; }
t0=$(now)
"$OPGAP" batch -q -r $R --out-dir "$T/full" "$T/many" || fail "full run"
full=$(( ($(now) - t0) / 1000 )) # microseconds
hits=0
for pct in 10 30 50 70 80 90 95; do
  "$OPGAP" batch -q -r $R --out-dir "$out" "$T/many" 2>/dev/null &
  pid=$!
  sleep "$(awk -v u=$full -v p=$pct 'BEGIN { printf "%.6f", u * p / 100 / 1e6 }')"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null; [ $? = 137 ] && hits=$((hits + 1))
  for f in matrix.csv matrix.json matrix.md matrix.html; do
    cmp -s "$out/$f" "$T/prev-$f" || cmp -s "$out/$f" "$T/full/$f" ||
      fail "half-written $f after a kill at $pct% of the run"
  done
done
# Each kill that found the process alive interrupted it; at least some must.
[ $hits -ge 2 ] || fail "only $hits of 7 kills interrupted a run (full run: ${full}us)"
echo "atomic writes: ok ($hits of 7 kills interrupted a run of ${full}us)"
