#!/bin/sh
# The engine's files call each other in one direction only: from the
# symbols each object file defines and the ones it uses (nm), the graph of
# "A uses B" must have no cycle (tsort reports one as a loop). A cycle such
# as eval.c <-> rules.c means neither can be read, tested or replaced
# without the other.
#   sh tests/layers.sh OBJDIR
set -u
dir=${1:-build/obj}
command -v nm >/dev/null && command -v tsort >/dev/null ||
  { echo "layers: SKIPPED - nm or tsort missing; 0 passed, 0 failed, 1 skipped"; exit 0; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
objs=$(cd "$dir" && find . -name '*.o' | sed 's|^\./||' | sort)
for o in $objs; do
  n=${o%.o}; o="$dir/$o"
  nm --defined-only "$o" | awk -v n="$n" '$2 ~ /^[TDBR]$/ { print n, $3 }'
done >"$t/defs"
for o in $objs; do
  n=${o%.o}; o="$dir/$o"
  nm -u "$o" | awk -v n="$n" '{ print n, $NF }'
done >"$t/uses"
awk 'NR == FNR { def[$2] = $1; next }
     ($2 in def) && def[$2] != $1 { print $1, def[$2] }' "$t/defs" "$t/uses" |
  sort -u >"$t/edges"
[ -s "$t/edges" ] || { echo "FAIL layers: no calls between object files found in $dir"; exit 1; }
if tsort "$t/edges" 2>"$t/loops" >/dev/null && [ ! -s "$t/loops" ]; then
  echo "layers: 1 passed, 0 failed ($(wc -l <"$t/edges") calls between $(echo "$objs" | wc -l) files, no cycle)"
  exit 0
fi
echo "FAIL layers: the engine's files call each other in a cycle:"
cat "$t/loops"
exit 1
