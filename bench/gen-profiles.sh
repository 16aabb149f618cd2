#!/bin/sh
# bench/gen-profiles.sh COUNT DIR - COUNT valid profiles in DIR, and their
# sorted list in DIR.list, made from the shipped national profiles
# (statutes/pa.yaml, statutes/us/federal.yaml, statutes/reference/model.yaml):
# each copy gets its own id and name and loses a random ~30% of its facts
# (never the first of a group), so the facts and findings vary. Used by
# bench/batch.sh and bench/scale.sh. Run from the repository root.
set -eu
gen() { # COUNT DIR
  mkdir -p "$2"
  awk -v n="$1" -v dir="$2" '
    FNR == 1 { t++ }
    { line[t, FNR] = $0; len[t] = FNR }
    END {
      srand(42)
      for (i = 0; i < n; i++) {
        k = i % t + 1; out = sprintf("%s/p%06d.yaml", dir, i)
        infacts = 0; skip = 0; first = 0
        for (j = 1; j <= len[k]; j++) {
          s = line[k, j]
          if (s ~ /^id: /) { print "id: bench/p" i > out; continue }
          if (s ~ /^name: /) { print "name: Benchland " i > out; continue }
          if (s ~ /^facts:/) { infacts = 1; print s > out; continue }
          if (infacts && s ~ /^[^ #]/) infacts = 0
          if (infacts && s ~ /^  [a-z_]+:/) { first = 1; skip = 0; print s > out; continue }
          if (infacts && s ~ /^    [a-z_]+:/) {
            skip = first ? 0 : (rand() < 0.3); first = 0
          } else if (infacts && s ~ /^ {0,3}[^ ]/ && s !~ /^ *#/) { skip = 0 }
          if (!skip) print s > out
        }
        close(out)
      }
    }' statutes/pa.yaml statutes/us/federal.yaml statutes/reference/model.yaml
  find "$2" -name '*.yaml' | sort >"$2.list"
}
gen "$1" "$2"
