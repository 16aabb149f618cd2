#!/bin/sh
# The exported JSON Schema against the shipped files and the hostile ones.
#
# Every shipped file (rules/*.yaml, rules/facts/*.yaml, rules/sources.yaml,
# statutes/**/*.yaml) must validate against `opgap schema KIND`, and the
# typo and type cases of tests/hostile that JSON Schema can express must be
# rejected by it, as the loader rejects them (a YAML merge key is not
# among them: the converter itself merges it). The validator is Debian's
# python3-jsonschema (installed here when missing and running as root);
# without it the test says "skipped", never "passed".
set -u
OPGAP=${OPGAP:-build/opgap}
case $OPGAP in /*) ;; *) OPGAP=$(pwd)/$OPGAP ;; esac
V=tests/schema/validate.py
# The first python3 that has both modules: the one on PATH, or Debian's
# (apt installs the modules for /usr/bin/python3, which a pyenv or venv
# python3 earlier on PATH does not see).
PY=
find_python() {
  for p in python3 /usr/bin/python3; do
    if "$p" -c 'import jsonschema, yaml' 2>/dev/null; then PY=$p; return 0; fi
  done
  return 1
}
if ! find_python; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "schema: installing python3-jsonschema python3-yaml"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq python3-jsonschema python3-yaml) >/dev/null 2>&1
  fi
  if ! find_python; then
    echo "SKIP schema: python3-jsonschema or python3-yaml missing (install them with: sudo apt-get install python3-jsonschema python3-yaml)"
    exit 0
  fi
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { # NAME COMMAND...
  name=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $name"; fi
}
for k in profile rules facts sources rules-lang; do
  "$OPGAP" schema $k >"$tmp/$k.json" || { echo "FAIL opgap schema $k"; exit 1; }
  "$OPGAP" schema $k --rules tests/fixtures/rules >"$tmp/fixture-$k.json" || exit 1
done
H=tests/hostile
check "shipped rules" "$PY" $V "$tmp/rules.json" valid $(ls rules/*.yaml | grep -v '/sources.yaml$')
check "shipped facts" "$PY" $V "$tmp/facts.json" valid rules/facts/*.yaml
check "shipped sources" "$PY" $V "$tmp/sources.json" valid rules/sources.yaml
check "shipped profiles" "$PY" $V "$tmp/profile.json" valid $(find statutes -name '*.yaml' | sort)
check "shipped Spanish rule texts" "$PY" $V "$tmp/rules-lang.json" valid rules/es/*.yaml
check "shipped Spanish labels" "$PY" $V "$tmp/facts.json" valid rules/es/facts/*.yaml
check "fixture Spanish rule texts" "$PY" $V "$tmp/fixture-rules-lang.json" valid tests/fixtures/rules/es/*.yaml
printf 'rules:\n  - id: csam.simulated\n    remedyy: Abarcar.\n' >"$tmp/es-typo.yaml"
check "Spanish rule texts with a typo" "$PY" $V "$tmp/fixture-rules-lang.json" invalid "$tmp/es-typo.yaml"
check "fixture profiles" "$PY" $V "$tmp/fixture-profile.json" valid tests/fixtures/profiles/good.yaml
for f in unknown-key-typo unknown-fact unknown-group unknown-member bool-yes \
         set-as-scalar int-out-of-bounds duplicate-member root-list; do
  check "hostile profile $f" "$PY" $V "$tmp/fixture-profile.json" invalid $H/profiles/$f.yaml
done
for f in condition-unknown-test condition-two-tests condition-unknown-fact \
         condition-empty-all condition-gt-string strength-typo rules-not-a-list \
         malformed-id example-bad-status; do
  check "hostile rules $f" "$PY" $V "$tmp/fixture-rules.json" invalid $H/rules/$f.yaml
done
check "hostile facts unknown-type" "$PY" $V "$tmp/fixture-facts.json" invalid $H/facts/unknown-type.yaml
echo "schema: $pass passed, $fail failed"
[ $fail = 0 ]
