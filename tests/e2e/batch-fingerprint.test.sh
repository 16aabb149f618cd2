#!/bin/sh
# A finding's fingerprint rests on the jurisdiction, the rule and the facts
# (path, value, statute cite): it does not change when the profile's facts
# are written in another order or the file moves, and it changes when a fact
# it rests on changes. $OPGAP is the binary, $T a fresh directory.
set -u
fail() { echo "FAIL: $*"; exit 1; }
R=tests/fixtures/rules
fp() { # FILE RULE -> the fingerprint of RULE's cell in the JSON matrix
  "$OPGAP" batch -q -r $R --format json "$1" |
    tr -d ' \t\n' | sed "s/.*\"$2\":{\"status\":\"[a-z-]*\",\"fingerprint\":\"\([0-9a-f]*\)\".*/\1/"
}
p=tests/browser/profiles/beta.yaml
a=$(fp $p csam.simulated)
echo "$a" | grep -Eq '^[0-9a-f]{16}$' || fail "no fingerprint: '$a'"
# Same facts, written in reverse order, in another directory.
mkdir "$T/moved"
{
  sed -n '1,6p' $p
  sed -n '7,$p' $p | awk '/^    [a-z_]+:$/{n++} {blk[n]=blk[n] $0 "\n"} END{for(i=n;i>=1;i--) printf "%s", blk[i]}'
} >"$T/moved/beta.yaml"
cmp -s $p "$T/moved/beta.yaml" && fail "the reordered copy is identical"
b=$(fp "$T/moved/beta.yaml" csam.simulated)
[ "$a" = "$b" ] || fail "fingerprint changed with the facts' order: $a vs $b"
# Another value of a fact the rule rests on: another fingerprint.
sed 's/value: false/value: true/' $p >"$T/changed.yaml"
c=$(fp "$T/changed.yaml" csam.simulated)
[ "$a" != "$c" ] || fail "fingerprint did not change with the fact's value"
# Another statute cite for the same fact: another fingerprint.
sed 's/Penal Code § 2/Penal Code § 2A/' $p >"$T/recited.yaml"
d=$(fp "$T/recited.yaml" csam.simulated)
[ "$a" != "$d" ] || fail "fingerprint did not change with the fact's cite"
# A fact the rule does not read leaves it alone.
sed 's/value: 5$/value: 7/' $p >"$T/other.yaml"
e=$(fp "$T/other.yaml" csam.simulated)
[ "$a" = "$e" ] || fail "fingerprint changed with a fact the rule does not read"
echo "fingerprints: ok"
