#!/bin/sh
# Drafter precision and recall on real codes (issue 17).
#
#   sh bench/drafter.sh PROFILE TEXT...        e.g.
#   sh bench/drafter.sh statutes/ca.yaml ../shared/statutes-text/ca/*.md
#
# Runs `opgap scan --draft-profile` on the texts and compares the draft with
# the finished PROFILE, fact by fact:
#   recall    = finished facts the draft proposed with the right value and
#               section / finished facts
#   precision = draft facts that survived (right value and section) /
#               draft facts
# "Right value": equal for a single value; for a list, every member the
# draft proposes is among the members the profile includes. "Right section":
# the section number that opens the draft's cite (its heading) is one of the
# sections the profile's cite names. Prints the figures and each draft
# fact's fate. Needs python3 with PyYAML; $OPGAP is the binary.
set -u
OPGAP=${OPGAP:-build/opgap}
[ $# -ge 2 ] || { echo "usage: sh bench/drafter.sh PROFILE TEXT..." >&2; exit 2; }
profile=$1; shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$OPGAP" scan --draft-profile -o "$tmp/draft.yaml" "$@" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -le 1 ] || { cat "$tmp/err" >&2; exit 2; }
python3 - "$profile" "$tmp/draft.yaml" <<'PY'
import re, sys, yaml
final = yaml.safe_load(open(sys.argv[1]))['facts']
draft = (yaml.safe_load(open(sys.argv[2])) or {}).get('facts') or {}

def members(v):
    if isinstance(v, dict):
        return set(v.get('includes', []))
    return set(v) if isinstance(v, list) else None

def cited_sections(cite):
    # "Criminal Code, ss. 279.011(1), 163.1(1); Extradition Act, s. 3(1)",
    # "18 U.S.C. §§ 1591(a), 2251A", "Código Penal, arts. 177 bis, 188":
    # the numbers after the last section marker of each part
    out = set()
    for part in (cite or '').split(';'):
        m = None
        for m in re.finditer(r'(?:§§?|\bss?\.|\barts?\.|\bArt[íi]culos?|\bArticles?|\bSections?)\s*', part):
            pass
        rest = part[m.end():] if m else part.split(',', 1)[-1]
        for x in rest.split(','):
            x = re.sub(r'\(.*', '', x.strip())
            if x:
                out.add(x.split()[0])
    return out

def draft_section(cite):
    # the draft cites the heading: "163.1 Definition of ...", "Artículo 189"
    m = re.match(r'^(?:§\s*|Art[íi]culo\s+|Article\s+|Section\s+|Sec\.\s+)?([0-9][0-9A-Za-z.\-]*)', (cite or '').strip())
    return m.group(1).rstrip('.') if m else None

def right_value(d, f):
    dm, fm = members(d), members(f)
    if dm is not None and fm is not None:
        return bool(dm) and dm <= fm
    return d == f

proposals = [(g, n, f) for g, fs in draft.items() for n, f in fs.items()]
survived = 0
for g, n, d in proposals:
    f = final.get(g, {}).get(n)
    sec = draft_section(d.get('cite'))
    if f is None:
        fate = 'not in the profile'
    elif not right_value(d.get('value'), f.get('value')):
        fate = 'wrong value'
    elif sec not in cited_sections(f.get('cite')):
        fate = 'wrong section (%s)' % sec
    else:
        fate = 'survived'; survived += 1
    print('  %-45s %s' % (g + '.' + n, fate))
nfinal = sum(len(fs) for fs in final.values())
print('draft facts: %d, survived: %d, precision: %.0f%%' %
      (len(proposals), survived, 100.0 * survived / len(proposals) if proposals else 0))
print('profile facts: %d, proposed right: %d, recall: %.0f%%' %
      (nfinal, survived, 100.0 * survived / nfinal if nfinal else 0))
PY
