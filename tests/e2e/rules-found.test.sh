#!/bin/sh
# The rule set is found without configuration (issue 20). A copy of the
# built binary's tree (build/opgap and rules/, nothing else), run from an
# unrelated directory, gives the same report as the binary run from the
# repository's root (a state's parent profile is found through the state's
# own path); --rules and $OPGAP_RULES still win. A binary with no
# rules beside it (and none installed) says where it looked and how to
# point it at the rules, exit 2, for every command that loads rules.
set -u
ROOT=$(pwd)
case $(head -c 4 "$OPGAP" | od -An -c | tr -d ' ') in
  177ELF) ;;
  *) echo "SKIPPED (not passed): \$OPGAP is a wrapper, not the opgap binary"; exit 77 ;;
esac
unset OPGAP_RULES
P=$ROOT/statutes/pa.yaml

mkdir -p "$T/tree/build" "$T/elsewhere"
cp "$OPGAP" "$T/tree/build/opgap"
cp -r rules "$T/tree/rules"
"$OPGAP" check --fail-on none --format json "$P" >"$T/root.json" || exit 1
"$OPGAP" check --fail-on none "$P" >"$T/root.txt" || exit 1
(cd "$T/elsewhere" && "$T/tree/build/opgap" check --fail-on none --format json "$P") >"$T/copy.json" ||
  { echo "the copied tree's opgap did not run from an unrelated directory"; exit 1; }
(cd "$T/elsewhere" && "$T/tree/build/opgap" check --fail-on none "$P") >"$T/copy.txt" || exit 1
cmp -s "$T/root.json" "$T/copy.json" || { echo "JSON reports differ"; diff "$T/root.json" "$T/copy.json" | head; exit 1; }
# the text reports differ only in where the rules came from
grep -q '^Tool: opgap .* rules from rules$' "$T/root.txt" || { echo "root report names its rules otherwise"; exit 1; }
grep -q "^Tool: opgap .* rules from $T/tree/rules\$" "$T/copy.txt" || { echo "copy's report does not name its rules"; exit 1; }
grep -v '^Tool: ' "$T/root.txt" >"$T/a"; grep -v '^Tool: ' "$T/copy.txt" >"$T/b"
cmp -s "$T/a" "$T/b" || { echo "text reports differ"; diff "$T/a" "$T/b" | head; exit 1; }
# a state's profile finds its parent (us/federal) through its own path
"$OPGAP" check --fail-on none --format json statutes/us/ny.yaml >"$T/ny-root.json" || exit 1
(cd "$T/elsewhere" && "$T/tree/build/opgap" check --fail-on none --format json "$ROOT/statutes/us/ny.yaml") >"$T/ny-copy.json" ||
  { echo "a state's profile did not load from an unrelated directory"; exit 1; }
sed "s#$ROOT/##g" "$T/ny-copy.json" | cmp -s "$T/ny-root.json" - ||
  { echo "JSON reports of us/ny differ"; sed "s#$ROOT/##g" "$T/ny-copy.json" | diff "$T/ny-root.json" - | head; exit 1; }
# one and two levels below the tree's root (build/asan/opgap) find it too
mkdir -p "$T/tree/build/asan"; cp "$OPGAP" "$T/tree/build/asan/opgap"
(cd / && "$T/tree/build/asan/opgap" rules list) >/dev/null || { echo "build/asan/opgap found no rules"; exit 1; }

# --rules and OPGAP_RULES come first
mkdir -p "$T/bare/bin"; cp "$OPGAP" "$T/bare/bin/opgap"
(cd "$T/elsewhere" && OPGAP_RULES=$ROOT/tests/fixtures/rules "$T/bare/bin/opgap" rules list) >"$T/env.out" ||
  { echo "OPGAP_RULES was not used"; exit 1; }
(cd "$T/elsewhere" && OPGAP_RULES=/nonexistent "$T/bare/bin/opgap" rules list --rules "$ROOT/tests/fixtures/rules") >"$T/opt.out" ||
  { echo "--rules did not win over OPGAP_RULES"; exit 1; }
cmp -s "$T/env.out" "$T/opt.out" || { echo "--rules and OPGAP_RULES gave different rule sets"; exit 1; }

# no rules anywhere: one message, exit 2, for every command that loads them
# (the last place it names is the installed data directory, which depends
# on the PREFIX the binary was built for)
B=$T/bare/bin/opgap
if (cd "$T/elsewhere" && "$B" rules list) >/dev/null 2>&1; then
  echo "SKIPPED (not passed): rules are installed on this machine"; exit 77
fi
printf 'Sec. 1. Text.\n' >"$T/bill.txt"
for cmd in "check $P" "explain csam.any-representation $P" "rules list" "rules lint" \
           "schema profile" "batch $P" "diff $P $P" "scan $T/bill.txt"; do
  (cd "$T/elsewhere" && $B $cmd) >"$T/out" 2>"$T/err"; rc=$?
  [ $rc = 2 ] || { echo "opgap $cmd without rules: exit $rc, expected 2"; exit 1; }
  [ ! -s "$T/out" ] || { echo "opgap $cmd without rules wrote to stdout"; exit 1; }
  got=$(cat "$T/err")
  case $got in
    "opgap: no rule set found (looked in $T/bare/bin/rules, $T/bare/rules, $T/rules, "*"/rules); name it with --rules DIR or OPGAP_RULES=DIR, or run 'make install'") ;;
    *) echo "opgap $cmd without rules: unexpected message: $got"; exit 1 ;;
  esac
done
echo ok
