#!/bin/sh
# Every fact of every shipped profile names the source that establishes it
# (issue: "always source"); the loader alone asks for cite and/or source.
# A fact is a key indented four spaces under `facts:`; its block must have
# a `source:` line six spaces in.
set -eu
check() {
  awk -v file="$1" '
    function close_fact() { if (fact != "" && !has) { print file ":" line ": fact " group "." fact " has no source"; bad = 1 } }
    /^facts:/ { infacts = 1; next }
    infacts && /^[^ #]/ { close_fact(); fact = ""; infacts = 0 }
    infacts && /^  [a-z_0-9]+:[ \t]*$/ { close_fact(); fact = ""; g = $1; sub(":", "", g); group = g; next }
    infacts && /^    [a-z_0-9]+:/ { close_fact(); f = $1; sub(":", "", f); fact = f; line = NR; has = 0; next }
    infacts && /^      source:/ { has = 1 }
    END { close_fact(); exit bad }' "$1"
}
status=0
for p in $(find statutes -name '*.yaml' | sort); do
  check "$p" || status=1
done
# The check itself must catch a fact without a source.
printf 'id: x/y\nname: X\nlevel: national\nas_of: 2020-01-01\nfacts:\n  csam:\n    covers_simulated:\n      value: true\n      cite: s. 1\n' >"$T/p.yaml"
if check "$T/p.yaml" >"$T/out"; then echo "a fact without source was not caught"; exit 1; fi
grep -q "p.yaml:7: fact csam.covers_simulated has no source" "$T/out"
exit $status
