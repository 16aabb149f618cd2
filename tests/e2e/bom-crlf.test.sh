#!/bin/sh
# A UTF-8 byte-order mark at the start of a profile, a rule file or a text
# to scan changes nothing: the same report, the same findings and the same
# positions (line 1 columns counted as if the mark were absent), errors
# included. CRLF line endings change nothing either. (UTF-16 and UTF-32
# files get their exact message in tests/hostile.)
set -u
ROOT=$(pwd)
bom() { printf '\357\273\277'; cat "$1"; }
crlf() { sed 's/$/\r/' "$1"; }
same() { # WHAT A B
  cmp -s "$2" "$3" || { echo "$1 differs:"; diff "$2" "$3" | head -n 10; exit 1; }
}

# a profile: the same report, whether it starts with a mark or ends lines
# with CRLF (run from three directories, so that the paths printed agree)
for v in plain bom crlf; do mkdir -p "$T/$v"; done
cp statutes/pa.yaml "$T/plain/p.yaml"
bom statutes/pa.yaml >"$T/bom/p.yaml"
crlf statutes/pa.yaml >"$T/crlf/p.yaml"
for v in plain bom crlf; do
  (cd "$T/$v" && "$OPGAP" check --rules "$ROOT/rules" --fail-on none p.yaml) >"$T/$v.txt" 2>&1 ||
    { echo "$v profile: exit $?"; cat "$T/$v.txt" | head -n 5; exit 1; }
done
same "report of the profile with a byte-order mark" "$T/plain.txt" "$T/bom.txt"
same "report of the profile with CRLF" "$T/plain.txt" "$T/crlf.txt"

# an error on line 1 of a profile: the same position and message
for v in plain bom crlf; do
  printf 'idd: a/b\n' >"$T/e.yaml"
  case $v in plain) cp "$T/e.yaml" "$T/$v/e.yaml" ;; bom) bom "$T/e.yaml" >"$T/$v/e.yaml" ;;
             crlf) crlf "$T/e.yaml" >"$T/$v/e.yaml" ;; esac
  (cd "$T/$v" && "$OPGAP" check --rules "$ROOT/rules" e.yaml) >/dev/null 2>"$T/$v.err"
  [ $? = 2 ] || { echo "$v profile with an error: exit not 2"; exit 1; }
  head -n 1 "$T/$v.err" >"$T/$v.err1"
done
grep -q '^e.yaml:1:1: ' "$T/plain.err1" || { echo "unexpected error: $(cat "$T/plain.err1")"; exit 1; }
same "error in a profile with a byte-order mark" "$T/plain.err1" "$T/bom.err1"
same "error in a profile with CRLF" "$T/plain.err1" "$T/crlf.err1"

# a rule file with a mark, and every rule file with CRLF
cp -r rules "$T/rules-bom"; cp -r rules "$T/rules-crlf"
bom rules/csam.yaml >"$T/rules-bom/csam.yaml"
for f in rules/*.yaml rules/facts/*.yaml; do crlf "$f" >"$T/rules-crlf/${f#rules/}"; done
for v in bom crlf; do
  (cd "$T/plain" && "$OPGAP" check --rules "$T/rules-$v" --fail-on none p.yaml) >"$T/r-$v.txt" 2>&1 ||
    { echo "rules with $v: exit $?"; head -n 5 "$T/r-$v.txt"; exit 1; }
  sed "s#rules from $T/rules-$v#rules from RULES#" "$T/r-$v.txt" >"$T/r-$v.norm"
done
sed "s#rules from $ROOT/rules#rules from RULES#" "$T/plain.txt" >"$T/plain.norm"
same "report with a rule file that has a byte-order mark" "$T/plain.norm" "$T/r-bom.norm"
same "report with rule files in CRLF" "$T/plain.norm" "$T/r-crlf.norm"
# a rule file with a mark and an error on its first line: the same position
printf 'rulez: []\n' >"$T/x.yaml"
mkdir -p "$T/ra" "$T/rb"; cp -r tests/fixtures/rules/. "$T/ra/"; cp -r tests/fixtures/rules/. "$T/rb/"
cp "$T/x.yaml" "$T/ra/x.yaml"; bom "$T/x.yaml" >"$T/rb/x.yaml"
"$OPGAP" rules lint --rules "$T/ra" 2>&1 | head -n 1 | sed "s#$T/ra#R#" >"$T/ra.err"
"$OPGAP" rules lint --rules "$T/rb" 2>&1 | head -n 1 | sed "s#$T/rb#R#" >"$T/rb.err"
grep -q '^R/x.yaml:1:1: ' "$T/ra.err" || { echo "unexpected rule error: $(cat "$T/ra.err")"; exit 1; }
same "error in a rule file with a byte-order mark" "$T/ra.err" "$T/rb.err"

# a text to scan: the same findings at the same places (text and JSON),
# from a file and from standard input
printf 'A visual depiction of a minor.\n\nSec. 2. Any visual depiction, by any means.\n' >"$T/plain/t.txt"
bom "$T/plain/t.txt" >"$T/bom/t.txt"
crlf "$T/plain/t.txt" >"$T/crlf/t.txt"
for v in plain bom crlf; do
  for fmt in text json; do
    (cd "$T/$v" && "$OPGAP" scan --rules "$ROOT/rules" --format $fmt t.txt) >"$T/s-$v.$fmt"
    [ $? = 1 ] || { echo "scan of the $v text: exit not 1"; exit 1; }
  done
  "$OPGAP" scan --rules "$ROOT/rules" - <"$T/$v/t.txt" >"$T/s-$v.stdin"
done
grep -q '^t.txt:1:3: csam.any-representation suggests gap' "$T/s-plain.text" ||
  { echo "unexpected scan:"; cat "$T/s-plain.text"; exit 1; }
for fmt in text json stdin; do
  same "scan ($fmt) of a text with a byte-order mark" "$T/s-plain.$fmt" "$T/s-bom.$fmt"
  same "scan ($fmt) of a text with CRLF" "$T/s-plain.$fmt" "$T/s-crlf.$fmt"
done
# a mark anywhere but the start is not skipped: it is text
printf 'A visual depiction.\n\357\273\277Sec. 2.\n' | "$OPGAP" scan --rules rules - >/dev/null
[ $? = 1 ] || { echo "a mark inside a text changed the scan's exit"; exit 1; }
echo ok
