#!/bin/sh
# Every fact of every shipped profile names what establishes it: the
# source document (a `source:` line six spaces in), or the statute's own
# words (a `cite:` and a `quote:`, which the section-level quote check
# reads against the text). The loader alone asks for cite and/or source.
# A fact is a key indented four spaces under `facts:`.
set -eu
check() {
  awk -v file="$1" '
    function close_fact() { if (fact != "" && !has && !(cited && quoted)) { print file ":" line ": fact " group "." fact " has no source and no quoted section"; bad = 1 } }
    /^facts:/ { infacts = 1; next }
    infacts && /^[^ #]/ { close_fact(); fact = ""; infacts = 0 }
    infacts && /^  [a-z_0-9]+:[ \t]*$/ { close_fact(); fact = ""; g = $1; sub(":", "", g); group = g; next }
    infacts && /^    [a-z_0-9]+:/ { close_fact(); f = $1; sub(":", "", f); fact = f; line = NR; has = 0; cited = 0; quoted = 0; next }
    infacts && /^      source:/ { has = 1 }
    infacts && /^      cite:/ { cited = 1 }
    infacts && /^      quote:/ { quoted = 1 }
    END { close_fact(); exit bad }' "$1"
}
status=0
for p in $(find statutes -name '*.yaml' | sort); do
  check "$p" || status=1
done
# The check itself must catch a fact without a source.
printf 'id: x/y\nname: X\nlevel: national\nas_of: 2020-01-01\nfacts:\n  csam:\n    covers_simulated:\n      value: true\n      cite: s. 1\n' >"$T/p.yaml"
if check "$T/p.yaml" >"$T/out"; then echo "a fact without source was not caught"; exit 1; fi
grep -q "p.yaml:7: fact csam.covers_simulated has no source and no quoted section" "$T/out"
# ... and accept one whose statute words are quoted.
printf '      quote: real or simulated\n' >>"$T/p.yaml"
check "$T/p.yaml" || { echo "a quoted fact was refused"; exit 1; }
exit $status
