#!/bin/sh
# The agreement harness (see agree.c): opgap's findings against what the
# Committee found, for every tests/agreement/*.yaml.
#
# First it checks the harness itself, so that a harness that passes
# everything cannot go unnoticed:
#   selftest/bad-keys.yaml     must be refused: exit 2, exactly bad-keys.stderr
#   selftest/mismatches.yaml   must report exactly mismatches.stdout, exit 1
# Run from the repository root; $OPGAP and $AGREE are the binaries.
set -u
OPGAP=${OPGAP:-build/opgap}
AGREE=${AGREE:-build/agree}
dir=tests/agreement
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0

"$AGREE" --opgap "$OPGAP" $dir/selftest/bad-keys.yaml >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc != 2 ] || ! cmp -s "$tmp/err" $dir/selftest/bad-keys.stderr; then
  echo "agreement self-test: bad-keys.yaml gave exit $rc (expected 2) or other errors:"
  diff $dir/selftest/bad-keys.stderr "$tmp/err" | head -n 20
  bad=1
fi

"$AGREE" --opgap "$OPGAP" $dir/selftest/mismatches.yaml >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc != 1 ] || ! cmp -s "$tmp/out" $dir/selftest/mismatches.stdout; then
  echo "agreement self-test: mismatches.yaml gave exit $rc (expected 1) or other output:"
  diff $dir/selftest/mismatches.stdout "$tmp/out" | head -n 20
  sed 's/^/    /' "$tmp/err" | head -n 5
  bad=1
fi
[ $bad = 0 ] || exit 1

set -- $dir/*.yaml
[ -f "$1" ] || { echo "agreement: no tests/agreement/*.yaml"; exit 1; }
"$AGREE" --opgap "$OPGAP" "$@"
