// Writes each package's test counts to <repo>/.test-results/<package>.json, so `.ci/run` can print one
// closing line for the whole monorepo ("N passed, N failed"). Under CI=true a skipped or todo test fails the run
// (jest exits non-zero through getLastError): a green run must have checked everything it says.
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.error = undefined;
  }
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    if (isCi() && skipped > 0) {
      const names = results.testResults.flatMap((file) => file.testResults
        .filter((t) => t.status === 'pending' || t.status === 'todo' || t.status === 'skipped')
        .map((t) => `${path.relative(this.rootDir, file.testFilePath)}: ${t.fullName}`));
      this.error = new Error(`CI=true: ${skipped} skipped test(s) fail the run:\n  ${names.join('\n  ')}`);
      process.stderr.write(`\n${this.error.message}\n`);
    }
    const dir = path.join(__dirname, '.test-results');
    fs.mkdirSync(dir, { recursive: true });
    const name = path.relative(__dirname, this.rootDir).replace(/[\\/]/g, '__') || 'root';
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({
      package: path.relative(__dirname, this.rootDir),
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped,
      suites: results.numTotalTestSuites,
    }));
  }
  getLastError() {
    return this.error;
  }
}

function isCi(env = process.env) {
  return Boolean(env.CI) && env.CI !== 'false' && env.CI !== '0';
}
module.exports = SummaryReporter;
