#!/bin/sh
# Browser test: renders the batch matrix HTML in headless Chromium and
# asserts on the rendered DOM.
#
#   sh tests/browser/run.sh OPGAP OUTDIR
#
# The matrix of tests/browser/profiles (four jurisdictions, chosen so that
# the alphabetical order and the order by number of gaps differ) under the
# fixture rules is loaded twice: as is (rows sorted by jurisdiction), and
# with ?test=sort, on which the page clicks its own "sort by number of gaps"
# button. Checks: every jurisdiction row and every rule cell is present, the
# legend is there, and the click reorders the rows by gaps. A screenshot of
# the matrix and of a single-jurisdiction report is left in OUTDIR for a
# person to look at.
#
# Where Chromium is not installed this prints "SKIPPED" and the reason; it
# is never counted as passed.
set -u
OPGAP=${1:-build/opgap}
OUT=${2:-build/browser}
mkdir -p "$OUT"
case $OUT in /*) ;; *) OUT=$(pwd)/$OUT ;; esac

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  echo "browser: SKIPPED - chromium is not installed (as root, 'make test' installs the Debian package 'chromium'); 0 passed, 0 failed, 1 skipped"
  exit 0
fi

pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL browser: $1"; }

profile_dir=$(mktemp -d)
trap 'rm -rf "$profile_dir"' EXIT
chrome() {
  # A fresh profile directory per run; no network, no background services.
  rm -rf "$profile_dir/u"; mkdir -p "$profile_dir/u"
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --disable-dev-shm-usage --user-data-dir="$profile_dir/u" "$@" 2>/dev/null
}

"$OPGAP" batch -q -r tests/fixtures/rules --format html -o "$OUT/matrix.html" \
  tests/browser/profiles || { bad "opgap batch failed"; }
"$OPGAP" check --fail-on none -r tests/fixtures/rules --format html \
  -o "$OUT/report.html" tests/browser/profiles/beta.yaml || bad "opgap check --format html failed"

url="file://$OUT/matrix.html"
chrome --dump-dom "$url" >"$OUT/dom-initial.html"
chrome --dump-dom "$url?test=sort" >"$OUT/dom-sorted.html"

# Row order: the data-id attributes of the table's rows, in DOM order.
rows() { grep -o '<tr data-id="[^"]*"' "$1" | sed 's/.*data-id="//; s/"$//' | tr '\n' ' '; }
initial=$(rows "$OUT/dom-initial.html")
sorted=$(rows "$OUT/dom-sorted.html")

[ "$initial" = "browser/alpha browser/beta browser/delta browser/gamma " ] && ok ||
  bad "initial rows: '$initial'"
[ "$sorted" = "browser/delta browser/beta browser/gamma browser/alpha " ] && ok ||
  bad "rows after the sort-by-gaps click: '$sorted' (expected delta beta gamma alpha)"
grep -q '<body data-sorted="gaps"' "$OUT/dom-sorted.html" && ok ||
  bad "the page did not record the click (body data-sorted)"

# Every rule cell (4 jurisdictions x 4 rules), each with its letter.
cells=$(grep -o '<td class="s-[a-z]*" data-area="[^"]*" data-strength="[a-z]*"><a href="#j[0-9]*-[0-9]*" title="[a-z-]*">[MPG?-]</a></td>' \
  "$OUT/dom-sorted.html" | wc -l)
[ "$cells" -eq 16 ] && ok || bad "expected 16 rule cells, found $cells"
for rule in csam.any-representation csam.simulated sanctions.grave-penalties jurisdiction.offender-national; do
  grep -q ">$rule</a></th>" "$OUT/dom-sorted.html" && ok || bad "rule column $rule missing"
done
for s in met not-applicable unknown partial gap; do
  grep -q "<b>$s</b>" "$OUT/dom-sorted.html" && ok || bad "legend lacks $s"
done
# Escaping survives the parser: the name with & and < is text, not markup.
grep -q 'Delta &amp; &lt;Islands&gt;' "$OUT/dom-sorted.html" && ok ||
  bad "the jurisdiction name 'Delta & <Islands>' was not escaped"
# Each cell's link leads to a finding that exists.
for a in $(grep -o 'href="#j[0-9]*-[0-9]*"' "$OUT/dom-sorted.html" | sed 's/href="#//; s/"//'); do
  grep -q "id=\"$a\"" "$OUT/dom-sorted.html" || { bad "cell link #$a has no target"; break; }
done && ok

chrome --screenshot="$OUT/matrix.png" --window-size=1100,900 "$url?test=sort" >/dev/null
[ -s "$OUT/matrix.png" ] && ok || bad "no screenshot written"
chrome --screenshot="$OUT/report.png" --window-size=1000,1400 "file://$OUT/report.html" >/dev/null
[ -s "$OUT/report.png" ] && ok || bad "no report screenshot written"

echo "screenshots: $OUT/matrix.png $OUT/report.png"
echo "browser: $pass passed, $fail failed"
[ "$fail" = 0 ]
