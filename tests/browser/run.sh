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

# The DOM as rendered, without the scripts (whose text holds markup too).
chrome --dump-dom "$url?open=browser/beta" >"$OUT/dom-open.html"
for f in "$OUT"/dom-*.html; do
  sed '/<script>/,/<\/script>/d' "$f" >"$f.tmp" && mv "$f.tmp" "$f"
done

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
cells=$(grep -o '<td class="s-[a-z]*"><a href="#j[0-9]*-[0-9]*" title="[a-z-]*">[MPG?-]</a></td>' \
  "$OUT/dom-sorted.html" | wc -l)
[ "$cells" -eq 16 ] && ok || bad "expected 16 rule cells, found $cells"
for rule in csam.any-representation csam.simulated sanctions.grave-penalties jurisdiction.offender-national; do
  grep -q ">$rule</a></th>" "$OUT/dom-sorted.html" && ok || bad "rule column $rule missing"
done
for s in met not-applicable unknown partial gap; do
  grep -q "<b>$s</b>" "$OUT/dom-sorted.html" && ok || bad "legend lacks $s"
done
# ?open=ID shows that jurisdiction's findings (inline in a small page):
# each of beta's cells then leads to a finding that exists.
grep -q '<body data-sorted="id" data-opened="browser/beta"' "$OUT/dom-open.html" && ok ||
  bad "?open=browser/beta did not open the findings"
for a in $(grep -o 'href="#j1-[0-9]*"' "$OUT/dom-open.html" | sed 's/href="#//; s/"//'); do
  grep -q "id=\"$a\"" "$OUT/dom-open.html" || { bad "cell link #$a has no target"; break; }
done && ok
# Escaping survives the parser: the name with & and < is text, not markup
# (delta's findings, opened).
chrome --dump-dom "$url?open=browser/delta" | grep -q 'Delta &amp; &lt;Islands&gt;' && ok ||
  bad "the jurisdiction name 'Delta & <Islands>' was not escaped"

# 10,000 jurisdictions under the full rule set: the page stays small (its
# findings go to script files beside it, 64 jurisdictions a file), loads,
# filters by jurisdiction and opens one jurisdiction's findings from its file.
big=$(mktemp -d)
awk -v dir="$big" 'BEGIN {
  for (i = 0; i < 10000; i++) {
    out = sprintf("%s/p%05d.yaml", dir, i)
    printf "id: big/p%05d\nname: Jurisdiction %d\nlevel: national\nas_of: 2024-01-01\n", i, i > out
    if (i % 3 == 0) {
      print "facts:\n  definitions:\n    child_age_max: {value: 18, cite: Code s. 1, evidence: finding, source: \"CRC/C/156, para. 61\"}" > out
    }
    close(out)
  }
}'
"$OPGAP" batch -q --format html -o "$OUT/big.html" "$big" || bad "opgap batch of 10,000 profiles failed"
rm -rf "$big"
size=$(wc -c <"$OUT/big.html")
[ "$size" -le 41943040 ] && ok || bad "the 10,000-jurisdiction page is $size bytes (limit 40 MB)"
[ -f "$OUT/big-details/c156.js" ] && ok || bad "no findings file big-details/c156.js beside the page"
chrome --virtual-time-budget=20000 --dump-dom "file://$OUT/big.html?q=p09999&open=big/p09999" |
  sed '/<script>/,/<\/script>/d' >"$OUT/dom-big.html"
[ "$(rows "$OUT/dom-big.html")" = "big/p09999 " ] && ok ||
  bad "filtering the 10,000 rows for p09999 gave: '$(rows "$OUT/dom-big.html" | cut -c1-80)'"
grep -q 'data-opened="big/p09999"' "$OUT/dom-big.html" && grep -q 'id="j9999-0"' "$OUT/dom-big.html" && ok ||
  bad "the findings of big/p09999 were not loaded from big-details/c156.js"

chrome --screenshot="$OUT/matrix.png" --window-size=1100,900 "$url?test=sort" >/dev/null
[ -s "$OUT/matrix.png" ] && ok || bad "no screenshot written"
chrome --screenshot="$OUT/report.png" --window-size=1000,1400 "file://$OUT/report.html" >/dev/null
[ -s "$OUT/report.png" ] && ok || bad "no report screenshot written"

echo "screenshots: $OUT/matrix.png $OUT/report.png"
echo "browser: $pass passed, $fail failed"
[ "$fail" = 0 ]
