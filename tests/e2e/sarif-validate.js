// sarif-validate.js - validates SARIF logs against the SARIF 2.1.0 JSON
// schema (draft-04, shipped by npm's @microsoft/jest-sarif) with Ajv.
//   node sarif-validate.js TOOLS_DIR FILE...
// TOOLS_DIR is an npm prefix holding ajv, ajv-draft-04, ajv-formats and
// @microsoft/jest-sarif (make sarif-tools installs them). Exit 1 when a
// file is invalid.
'use strict';
const path = require('path');
const fs = require('fs');
const tools = process.argv[2];
const mod = (m) => require(path.join(tools, 'node_modules', m));
const Ajv = mod('ajv-draft-04');
const addFormats = mod('ajv-formats');
const schemaFile = path.join(tools, 'node_modules', '@microsoft', 'jest-sarif',
                             'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
// The schema's language-tag pattern is not valid under the 'u' flag.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);
let bad = 0;
for (const f of process.argv.slice(3)) {
  const log = JSON.parse(fs.readFileSync(f, 'utf8'));
  if (validate(log)) {
    console.log(f + ': valid SARIF 2.1.0');
  } else {
    bad++;
    console.log(f + ': invalid SARIF 2.1.0');
    console.log(JSON.stringify(validate.errors.slice(0, 5), null, 1));
  }
}
process.exit(bad ? 1 : 0);
