// Sums jest --json reports and `go test -json` events into the one line CI reads. The whole-repo
// checks (typecheck, lint, secret scan) count one each: `name=exit-code` after the report dir.
const fs = require('node:fs');
const path = require('node:path');
const [dir, ...checks] = process.argv.slice(2);
let passed = 0;
let failed = 0;
for (const check of checks) {
  const [name, code] = check.includes('=') ? check.split('=') : ['typecheck', check];
  if (Number(code) === 0) passed += 1;
  else failed += 1;
  console.log(`${name}: ${Number(code) === 0 ? 'passed' : `failed (exit ${code})`}`);
}
for (const name of ['unit.json', 'e2e.json']) {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) {
    failed += 1;
    console.log(`${name}: no report (the run crashed)`);
    continue;
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  console.log(`${name.replace('.json', '')}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numRuntimeErrorTestSuites} suites crashed`);
}
const goFile = path.join(dir, 'go.json');
const lines = fs.existsSync(goFile) ? fs.readFileSync(goFile, 'utf8').split('\n').filter(Boolean) : [];
let goPassed = 0;
let goFailed = 0;
for (const line of lines) {
  const event = JSON.parse(line);
  if (!event.Test) continue;
  if (event.Action === 'pass') goPassed += 1;
  if (event.Action === 'fail') goFailed += 1;
}
if (!lines.length) goFailed += 1;
console.log(`go: ${goPassed} passed, ${goFailed} failed`);
passed += goPassed;
failed += goFailed;
console.log(`${passed} passed, ${failed} failed`);
