#!/bin/sh
# bench/drafter-states.sh - how well `opgap scan --draft-profile` drafts a
# US state profile from the state's own code, against the profile built by
# reading it (statutes/us/STATE.yaml).
#
#   sh bench/drafter-states.sh [OPGAP] [STATE...]     (default: tx fl ga)
#
# For each state: drafts a profile from ../shared/statutes-text/us-states/
# STATE/*, then compares fact by fact (group.name and value):
#   agree      the profile states the fact with the same value (for a list:
#              every drafted member is among the profile's members);
#   wrong      the profile states the fact with another value;
#   extra      the profile does not state the fact (the reader found that
#              the text does not establish it).
# precision = agree / drafted facts; recall = agree / the profile's facts
# that quote a statute (facts resting on a report are out of the drafter's
# reach). Prints one line per state and the facts behind each figure.
# A benchmark, not a test: it never fails on the figures. Needs python3
# with PyYAML; SKIP otherwise.
set -eu
OPGAP=${1:-build/opgap}
if [ $# -gt 0 ]; then shift; fi
STATES=${*:-tx fl ga}
SHARED=../shared/statutes-text/us-states
if [ ! -d "$SHARED" ]; then
  echo "SKIP drafter-states: ../shared/statutes-text not found"; exit 0
fi
if ! python3 -c 'import yaml' 2>/dev/null; then
  echo "SKIP drafter-states: python3 with PyYAML not found"; exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for st in $STATES; do
  "$OPGAP" scan --draft-profile -o "$tmp/$st.yaml" "$SHARED/$st"/* >/dev/null || true
  python3 - "$st" "$tmp/$st.yaml" "statutes/us/$st.yaml" <<'PY'
import sys, yaml
st, draft_path, prof_path = sys.argv[1:4]
def facts(path):
    d = yaml.safe_load(open(path)) or {}
    out = {}
    for g, fs in (d.get('facts') or {}).items():
        for n, f in fs.items():
            out[g + '.' + n] = f
    return out
def members(v):
    if isinstance(v, dict):
        return set(v.get('includes', []))
    return set(v) if isinstance(v, list) else None
draft, prof = facts(draft_path), facts(prof_path)
agree, wrong, extra = [], [], []
for k, f in sorted(draft.items()):
    dv = f['value']
    if k not in prof:
        extra.append(k); continue
    pv = prof[k]['value']
    dm, pm = members(dv), members(pv)
    ok = (dm <= pm) if dm is not None and pm is not None else dv == pv
    (agree if ok else wrong).append(k)
quoted = [k for k, f in prof.items() if 'quote' in f]
prec = len(agree) / len(draft) if draft else 0.0
rec = len([k for k in agree if k in quoted]) / len(quoted) if quoted else 0.0
print('%s: %d drafted, %d agree, %d wrong, %d extra; precision %.0f%%, '
      'recall %.0f%% (%d of %d quoted facts)' %
      (st, len(draft), len(agree), len(wrong), len(extra), 100 * prec,
       100 * rec, len([k for k in agree if k in quoted]), len(quoted)))
for name, l in (('wrong', wrong), ('extra', extra)):
    for k in l:
        print('  %s %s = %s (profile: %s)' % (name, k, draft[k]['value'],
              prof[k]['value'] if k in prof else 'not stated'))
PY
done
