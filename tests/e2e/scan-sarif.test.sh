#!/bin/sh
# opgap scan --format sarif writes logs valid against the SARIF 2.1.0
# schema, on English and Spanish text and on text without matches; and the
# validator rejects a broken log, so this test can fail. The texts are
# invented (tests/fixtures/texts, tests/e2e/cases): the shape of the log
# does not need real law.
# Needs node and the npm packages `make sarif-tools` installs into
# $OPGAP_SARIF_TOOLS; without them it exits 77: SKIPPED, not passed.
set -u
tools=${OPGAP_SARIF_TOOLS:-}
if ! command -v node >/dev/null 2>&1 || [ -z "$tools" ] ||
   [ ! -f "$tools/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json" ] ||
   [ ! -d "$tools/node_modules/ajv-draft-04" ]; then
  echo "SKIPPED (not passed): SARIF schema validation needs node and 'make sarif-tools'"
  exit 77
fi
v="node tests/e2e/sarif-validate.js $tools"
"$OPGAP" scan --rules rules --format sarif tests/fixtures/texts/invented-definitions.txt >"$T/us.sarif"
[ $? = 1 ] || { echo "scan of invented-definitions.txt did not exit 1"; exit 1; }
"$OPGAP" scan --rules rules --format sarif -o "$T/es.sarif" \
  tests/e2e/cases/scan-general-phrasing/codigo3.txt tests/e2e/cases/scan-normalised/bill.md
printf 'Nothing to see.\n' | "$OPGAP" scan --rules rules --format sarif - >"$T/none.sarif" || exit 1
$v "$T/us.sarif" "$T/es.sarif" "$T/none.sarif" || exit 1
# the first result: the rule, its place and level
grep -q '"ruleId":"age.child-under-18"' "$T/us.sarif" || { echo "no ruleId"; exit 1; }
grep -q '"startLine":15' "$T/us.sarif" || { echo "no startLine 15"; exit 1; }
grep -q '"level":"error"' "$T/us.sarif" || { echo "no error level"; exit 1; }
# A result states its level only when it is not its rule's default, and
# its end line only when the match ends on another line than it starts
# (SARIF 2.1.0, 3.27.10 and 3.30.7); read with those defaults, every
# level is the one its pattern's suggestion gives.
printf 'SEC. 1. Definitions\n(a) Payment includes anything of\nvalue given to a child.\n' \
  >"$T/two-lines.txt"
"$OPGAP" scan --rules rules --format sarif "$T/two-lines.txt" >"$T/two.sarif"
$v "$T/two.sarif" >/dev/null || exit 1
node -e '
const fs = require("fs");
const want = { gap: "error", partial: "warning" };
let omitted = 0, stated = 0, multi = 0, results = 0;
for (const f of process.argv.slice(1)) {
  const run = JSON.parse(fs.readFileSync(f, "utf8")).runs[0];
  for (const r of run.results) {
    results++;
    const rule = run.tool.driver.rules[r.ruleIndex];
    const dflt = rule.defaultConfiguration.level;
    const level = r.level === undefined ? dflt : r.level;
    if (level !== (want[r.properties.suggests] || "note")) {
      console.log(f + ": " + r.ruleId + ": level " + level); process.exit(1);
    }
    if (r.level !== undefined && r.level === dflt) {
      console.log(f + ": " + r.ruleId + ": states the default level"); process.exit(1);
    }
    r.level === undefined ? omitted++ : stated++;
    const g = r.locations[0].physicalLocation.region;
    if (g.endLine !== undefined) {
      if (g.endLine === g.startLine) { console.log(f + ": endLine = startLine"); process.exit(1); }
      multi++;
    }
  }
}
if (!omitted || !stated || !multi) {
  console.log("untested: " + omitted + " default, " + stated + " stated levels, " + multi + " on two lines");
  process.exit(1);
}
console.log(results + " results: " + omitted + " at the default level of their rule, " + stated + " stated; " + multi + " on two lines");
' "$T/us.sarif" "$T/es.sarif" "$T/two.sarif" || exit 1
# a log without the required tool.driver.name must be rejected
sed 's/"name":"opgap",//' "$T/us.sarif" >"$T/broken.sarif"
if $v "$T/broken.sarif" >/dev/null; then echo "validator accepted a broken log"; exit 1; fi
echo ok
