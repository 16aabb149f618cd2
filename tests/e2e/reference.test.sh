#!/bin/sh
# The reference profiles bound the rule set from both sides:
#   statutes/reference/model.yaml  meets every rule (the rules can be met);
#   statutes/reference/empty.yaml  states nothing, so every rule is unknown
#                                  (a missing fact never becomes met or gap).
# One rule cannot be met by design, whatever a profile says:
# extradition.protocol-as-basis applies only where extradition needs a
# treaty, extradition.without-treaty only where it does not. The model takes
# the obligation (OPSC art. 5(3)); the recommendation is not applicable.
# Counts come from the JSON report's summary; the rule total from
# `opgap rules list`, so adding a rule the model cannot meet fails here.
set -u
fail() { echo "reference: $*"; exit 1; }

# summary FILE KEY -> the number under "summary" for KEY
summary() {
  sed -n '/"summary"/,/}/p' "$1" | tr -d ' \t,"' | grep "^$2:" | cut -d: -f2
}

nrules=$("$OPGAP" rules list | wc -l | tr -d ' ')
[ "$nrules" -gt 0 ] || fail "opgap rules list printed no rule"

"$OPGAP" check --format json --fail-on none -o "$T/model.json" \
  statutes/reference/model.yaml || fail "check of model.yaml failed"
[ "$(summary "$T/model.json" rules)" = "$nrules" ] ||
  fail "model: summary counts $(summary "$T/model.json" rules) rules, rules list $nrules"
want_met=$((nrules - 1))
for k in met partial gap unknown not-applicable; do
  got=$(summary "$T/model.json" "$k")
  case $k in
    met) want=$want_met ;;
    not-applicable) want=1 ;;
    *) want=0 ;;
  esac
  [ "$got" = "$want" ] || fail "model: $got $k, expected $want"
done
# The one not-applicable finding is the by-design one.
"$OPGAP" check --fail-on none statutes/reference/model.yaml >"$T/model.txt" ||
  fail "text check of model.yaml failed"
na=$(grep '^\[NOT-APPLICABLE\]' "$T/model.txt" | cut -d' ' -f2)
[ "$na" = "extradition.protocol-as-basis" ] ||
  fail "model: not applicable: '$na', expected extradition.protocol-as-basis"
# A model fact must say it is not a real jurisdiction.
grep -q 'source: "reference model (not a real jurisdiction)"' \
  statutes/reference/model.yaml || fail "model facts lack the reference source"
if grep 'source:' statutes/reference/model.yaml |
   grep -v 'reference model (not a real jurisdiction)' >/dev/null; then
  fail "model: a fact has another source than the reference model"
fi

"$OPGAP" check --format json --fail-on none -o "$T/empty.json" \
  statutes/reference/empty.yaml || fail "check of empty.yaml failed"
for k in met partial gap unknown not-applicable; do
  got=$(summary "$T/empty.json" "$k")
  want=0; [ $k = unknown ] && want=$nrules
  [ "$got" = "$want" ] || fail "empty: $got $k, expected $want"
done
# --fail-on unknown must then fail (exit 1): unknown is reported, not hidden.
"$OPGAP" check --fail-on unknown statutes/reference/empty.yaml >/dev/null
rc=$?
[ $rc = 1 ] || fail "empty: --fail-on unknown exited $rc, expected 1"
echo "reference: model $want_met met + 1 not applicable, empty $nrules unknown"
