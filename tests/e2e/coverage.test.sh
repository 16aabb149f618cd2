#!/bin/sh
# Every provision of OPSC arts. 1-10 that concerns legislation has a rule:
# coverage lists no OPSC article among the places with no rule, and every
# article it exempts says why.
set -eu
out=$("$OPGAP" rules coverage)
uncovered=$(printf '%s\n' "$out" | sed -n '/^## Places with no rule/,$p' | grep '^- OPSC art' || true)
if [ -n "$uncovered" ]; then
  echo "OPSC provisions with no rule:"; echo "$uncovered"; exit 1
fi
printf '%s\n' "$out" | grep -F "| art. 3(1)(c) |" | grep -q "csam.all-acts" || { echo "art. 3(1)(c) not mapped to csam.all-acts"; exit 1; }
printf '%s\n' "$out" | grep -qF '| art. 8(6) | not a legislative requirement: ' || { echo "art. 8(6) exemption not shown"; exit 1; }
# An article the registry does not know cannot be exempted.
cp -r rules "$T/r"
sed -i 's/{article: "8(6)"/{article: "8(9)"/' "$T/r/sources.yaml"
if "$OPGAP" rules lint --rules "$T/r" 2>"$T/err"; then echo "bad exemption accepted"; exit 1; fi
grep -q "'8(9)' is not a registered article of OPSC" "$T/err"
