#!/bin/sh
# End-to-end tests of the opgap command line.
#
# Two kinds of test, both run from the repository root:
#   tests/e2e/cases/NAME/      a golden case:
#       cmd                    one shell command line; $OPGAP is the binary,
#                              $T a fresh empty temporary directory
#       rc                     the expected exit status (default 0)
#       stdout                 the exact expected standard output (optional)
#       stderr                 the exact expected standard error (optional)
#       contains               lines that must each occur in stdout+stderr
#       absent                 files (relative to $T) that must not exist
#   tests/e2e/*.test.sh        a script; exit 0 passes, 77 is skipped (a
#                              missing tool: reported, never counted as
#                              passed); it gets $OPGAP too
# Prints "N passed, N failed" and exits 1 when anything failed.
# E2E_SHARD=I/N runs only every N-th test from the I-th (0-based), so that
# N runs side by side share the suite (make valgrind runs two).
set -u
shard=${E2E_SHARD:-0/1}
si=${shard%/*}; sn=${shard#*/}
idx=0
mine() { idx=$((idx + 1)); [ $(((idx - 1) % sn)) -eq "$si" ]; }
OPGAP=${OPGAP:-build/opgap}
case $OPGAP in /*) ;; *) OPGAP=$(pwd)/$OPGAP ;; esac
export OPGAP
pass=0; fail=0; skip=0
tmpbase=$(mktemp -d)
trap 'rm -rf "$tmpbase"' EXIT

failed() { fail=$((fail + 1)); printf 'FAIL %s: %s\n' "$1" "$2"; }

for dir in tests/e2e/cases/*/; do
  [ -f "$dir/cmd" ] || continue
  mine || continue
  name=$(basename "$dir")
  T="$tmpbase/$name"; mkdir -p "$T"; export T
  want_rc=0; [ -f "$dir/rc" ] && want_rc=$(cat "$dir/rc")
  sh -c "$(cat "$dir/cmd")" >"$T/.stdout" 2>"$T/.stderr"; rc=$?
  ok=1
  if [ "$rc" != "$want_rc" ]; then failed "$name" "exit $rc, expected $want_rc"; ok=0
    sed 's/^/    /' "$T/.stderr" | head -n 5
  elif [ -f "$dir/stdout" ] && ! cmp -s "$dir/stdout" "$T/.stdout"; then
    failed "$name" "stdout differs"; diff "$dir/stdout" "$T/.stdout" | head -n 10; ok=0
  elif [ -f "$dir/stderr" ] && ! cmp -s "$dir/stderr" "$T/.stderr"; then
    failed "$name" "stderr differs"; diff "$dir/stderr" "$T/.stderr" | head -n 10; ok=0
  fi
  if [ $ok = 1 ] && [ -f "$dir/contains" ]; then
    while IFS= read -r line; do
      [ -z "$line" ] && continue
      if ! cat "$T/.stdout" "$T/.stderr" | grep -qF -- "$line"; then
        failed "$name" "output lacks: $line"; ok=0; break
      fi
    done <"$dir/contains"
  fi
  if [ $ok = 1 ] && [ -f "$dir/absent" ]; then
    while IFS= read -r f; do
      [ -z "$f" ] && continue
      if [ -e "$T/$f" ]; then failed "$name" "file was written: $f"; ok=0; break; fi
    done <"$dir/absent"
  fi
  [ $ok = 1 ] && pass=$((pass + 1))
done

for script in tests/e2e/*.test.sh; do
  [ -f "$script" ] || continue
  mine || continue
  name=$(basename "$script" .test.sh)
  T="$tmpbase/script-$name"; mkdir -p "$T"; export T
  sh "$script" >"$T/.out" 2>&1; src=$?
  if [ $src = 0 ]; then pass=$((pass + 1))
  elif [ $src = 77 ]; then skip=$((skip + 1)); printf 'SKIP %s: %s\n' "$name" "$(tail -n 1 "$T/.out")"
  else failed "$name" "script failed"; sed 's/^/    /' "$T/.out" | tail -n 15; fi
done

echo "e2e: $pass passed, $fail failed, $skip skipped (not passed)"
[ $fail = 0 ]
