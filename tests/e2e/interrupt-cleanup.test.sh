#!/bin/sh
# An interrupt (SIGINT, SIGTERM, SIGHUP) while opgap writes a report to a
# file leaves no temporary file behind, keeps the previous report byte for
# byte, and ends the process as the signal says (exit 128 + N). The scan
# reads standard input from a FIFO that stays open, so it is stopped while
# its report's temporary file exists. Needs the binary itself (a valgrind
# wrapper would receive the signal). $OPGAP is the binary, $T a fresh
# directory.
set -u
case $(head -c 4 "$OPGAP" | od -An -c | tr -d ' ') in
  177ELF) ;;
  *) echo "SKIPPED (not passed): \$OPGAP is a wrapper, not the opgap binary"; exit 77 ;;
esac
fail() { echo "FAIL: $*"; exit 1; }
command -v python3 >/dev/null || { echo "SKIPPED (not passed): needs python3 to reset the signals"; exit 77; }
# A background job of a shell script starts with SIGINT ignored, and a
# run under nohup with SIGHUP ignored (opgap leaves an ignored signal
# ignored): python3 gives the three their default before starting opgap.
dfl() {
  exec python3 -c 'import os, signal, sys
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(s, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' "$@"
}
printf 'previous report\n' >"$T/prev"
for pair in INT:2 TERM:15 HUP:1; do
  sig=${pair%:*}
  cp "$T/prev" "$T/report.json"
  mkfifo "$T/in"
  dfl "$OPGAP" scan --rules tests/fixtures/rules --format json -o "$T/report.json" - <"$T/in" &
  pid=$!
  exec 3>"$T/in" # the writer's end stays open: the scan waits for text
  printf 'Every person under the age of eighteen years.\n' >&3
  n=0
  while ! ls "$T" | grep -q 'report.json.tmp' && [ $n -lt 50 ]; do
    sleep 0.1; n=$((n + 1))
  done
  ls "$T" | grep -q 'report.json.tmp' || fail "no temporary file while scanning ($sig)"
  kill -s $sig $pid
  n=0
  while kill -0 $pid 2>/dev/null && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
  kill -0 $pid 2>/dev/null && { kill -9 $pid; fail "SIG$sig did not stop the scan"; }
  wait $pid; rc=$?
  exec 3>&-
  rm -f "$T/in"
  want=$((128 + ${pair#*:}))
  [ "$rc" = "$want" ] || fail "exit $rc after SIG$sig, expected $want"
  ls "$T" | grep -q 'tmp' && fail "temporary file left after SIG$sig: $(ls "$T")"
  cmp -s "$T/report.json" "$T/prev" || fail "previous report changed by SIG$sig"
done
echo "interrupt cleanup: ok"
