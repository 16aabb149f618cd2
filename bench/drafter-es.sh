#!/bin/sh
# Drafter precision and recall on real codes (Spanish-language profiles).
#
# usage: sh bench/drafter-es.sh PROFILE DRAFT
#        sh bench/drafter-es.sh PROFILE -- TEXT...   (scans TEXT... first)
#
# PROFILE is a finished profile built by reading (statutes/es.yaml); DRAFT
# is what `opgap scan --draft-profile` proposed for the same texts. A draft
# fact is right when the profile states the same fact
#   - with the same value (a list: every member the draft proposes is in
#     the profile's list; "strict" also counts lists only when equal), and
#   - citing the same article of the same code: the draft's cite names the
#     article ("Artículo 189. ..." or "Código Penal, art. 189"), its source
#     names the file, and the profile's `texts:` maps the file to the code.
# recall = right / facts in the profile; precision = right / draft facts.
# Needs python3 with PyYAML. Prints figures, never fails on them.
set -eu
OPGAP=${OPGAP:-build/opgap}
profile=$1
shift
if [ "$1" = "--" ]; then
  shift
  draft=$(mktemp)
  trap 'rm -f "$draft"' EXIT
  "$OPGAP" scan --draft-profile -o "$draft" "$@" || [ $? = 1 ]
else
  draft=$1
fi
python3 - "$profile" "$draft" <<'EOF'
import re, sys, yaml

prof = yaml.safe_load(open(sys.argv[1]))
draft = yaml.safe_load(open(sys.argv[2]))
codes = {}
for t in prof.get("texts", []):
    codes[t["files"].split("/")[-1]] = t["code"]

SUFFIX = r"(?:\s+(?:bis|ter|qu[aá]ter|quinquies|sexies|septies|octies))?"

def draft_place(f):
    """(code, article) of a draft fact, or None."""
    cite = f.get("cite") or ""
    m = re.search(r"Art[ií]culo\s+(\d+" + SUFFIX + ")", cite)
    if m:
        src = (f.get("source") or "").split("/")[-1]
        return (codes.get(src), m.group(1))
    m = re.match(r"(Disposici[óo]n\s+(?:adicional|transitoria|final|derogatoria)\s+\w+)", cite)
    if m:
        src = (f.get("source") or "").split("/")[-1]
        return (codes.get(src), m.group(1).lower())
    m = re.match(r"(.+?), arts?\. (\d+" + SUFFIX + ")", cite)
    return (m.group(1), m.group(2)) if m else None

def profile_places(f):
    out = set()
    for part in (f.get("cite") or "").split(";"):
        d = re.match(r"\s*(.+?), (disposici[óo]n\s+\w+\s+\w+)$", part.strip(), re.I)
        if d:
            out.add((d.group(1), d.group(2).lower()))
            continue
        m = re.match(r"\s*(.+?), arts?\. (.+)$", part.strip())
        if not m:
            continue
        for a in m.group(2).split(","):
            a = re.match(r"\s*(\d+" + SUFFIX + ")", a)
            if a:
                out.add((m.group(1), a.group(1)))
    return out

def value_ok(d, p, strict):
    if isinstance(p, dict):  # {includes: [...]} in the profile
        p = p.get("includes", [])
    if isinstance(d, list) and isinstance(p, list):
        return set(d) == set(p) if strict else bool(d) and set(d) <= set(p)
    return d == p

pf = {(g, n): f for g, fs in prof["facts"].items() for n, f in fs.items()}
df = {(g, n): f for g, fs in (draft.get("facts") or {}).items()
      for n, f in fs.items()}
for strict in (False, True):
    right, wrong_value, wrong_place, absent = [], [], [], []
    for k, d in sorted(df.items()):
        p = pf.get(k)
        if p is None:
            absent.append(k)
        elif not value_ok(d["value"], p["value"], strict):
            wrong_value.append(k)
        elif draft_place(d) not in profile_places(p):
            wrong_place.append(k)
        else:
            right.append(k)
    label = "strict" if strict else "lists by member"
    print(f"[{label}] profile facts {len(pf)}, draft facts {len(df)}, right {len(right)}")
    print(f"  recall    {len(right)}/{len(pf)} = {100.0 * len(right) / max(len(pf), 1):.1f}%")
    print(f"  precision {len(right)}/{len(df)} = {100.0 * len(right) / max(len(df), 1):.1f}%")
    if not strict:
        name = lambda ks: ", ".join(g + "." + n for g, n in ks) or "-"
        print("  right:", name(right))
        print("  right value, wrong article:", name(wrong_place))
        print("  wrong value:", name(wrong_value))
        print("  not in the profile:", name(absent))
EOF
