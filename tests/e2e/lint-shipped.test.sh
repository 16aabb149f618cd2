#!/bin/sh
# Every shipped profile that declares its codes' texts (`texts:`) passes
# `opgap lint`: each quote occurs in the text of a section its fact cites,
# in ../shared/statutes-text beside the repository root (without it:
# SKIP). And lint can fail on a shipped profile: a copy of one with a quote
# that no section holds is refused, with the message. (A quote moved to
# another section: tests/e2e/cases/lint-quote-moved, on invented text.)
set -u
S=${OPGAP_SHARED:-../shared}
[ -d "$S/statutes-text" ] || { echo "../shared/statutes-text not found"; exit 77; }
set -- $(grep -l '^texts:' $(find statutes -name '*.yaml' | sort))
[ $# -gt 0 ] || { echo "SKIPPED (not passed): no shipped profile declares texts: yet"; exit 77; }
"$OPGAP" lint --rules rules --texts "$S/statutes-text" "$@" || exit 1

# the self-test: every one-line quote of the first profile replaced by
# words that no statute has; each quote lint checks is then refused
p=$1
sed "s/^\( *quote: \)[^>|].*\$/\1'words no statute has'/" "$p" >"$T/broken.yaml"
out=$("$OPGAP" lint --rules rules --texts "$S/statutes-text" "$T/broken.yaml" 2>&1)
[ $? = 2 ] || { echo "self-test: broken quotes were not refused"; exit 1; }
printf '%s\n' "$out" | grep -q "^$T/broken.yaml:[0-9]*:[0-9]*: quote of fact '[a-z_.]*' is not in the text of " ||
  { echo "self-test: unexpected message: $out"; exit 1; }
echo ok
