#!/bin/sh
# --lang es with no catalogue to be found (the binary copied away from its
# build tree, OPGAP_LOCALEDIR empty) is an error naming where it looked,
# exit 2: never a report silently in English. Needs the binary itself (a
# valgrind wrapper would run it from its build tree, beside its catalogue).
# $OPGAP is the binary, $T a fresh directory.
set -u
case $(head -c 4 "$OPGAP" | od -An -c | tr -d ' ') in
  177ELF) ;;
  *) echo "SKIPPED (not passed): \$OPGAP is a wrapper, not the opgap binary"; exit 77 ;;
esac
cp "$OPGAP" "$T/opgap"
OPGAP_LOCALEDIR= "$T/opgap" check --lang es -r tests/fixtures/rules \
  tests/fixtures/profiles/good.yaml >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" = 2 ] || { echo "FAIL: exit $rc, expected 2"; exit 1; }
grep -q "opgap check: cannot write in 'es': no catalogue at" "$T/err" ||
  { echo "FAIL: stderr: $(cat "$T/err")"; exit 1; }
[ -s "$T/out" ] && { echo "FAIL: a report was written"; exit 1; }
exit 0
