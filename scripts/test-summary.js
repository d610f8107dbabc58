// Sums the per-package results written by jest.summary-reporter.js and prints the closing line.
const fs = require('node:fs');
const path = require('node:path');

const dir = path.join(__dirname, '..', '.test-results');
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
let passed = 0, failed = 0, skipped = 0;
for (const f of files.sort()) {
  const r = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  passed += r.passed; failed += r.failed; skipped += r.skipped;
  process.stdout.write(`  ${r.package.padEnd(28)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(3)} failed ${String(r.skipped).padStart(3)} skipped\n`);
}
process.stdout.write(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
const ci = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';
if (ci && skipped > 0) process.stdout.write(`CI=true: ${skipped} skipped test(s) fail the run\n`);
process.exitCode = failed > 0 || passed === 0 || (ci && skipped > 0) ? 1 : 0;
