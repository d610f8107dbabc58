// Writes each package's test counts to <repo>/.test-results/<package>.json, so `.ci/run` can print one
// closing line for the whole monorepo ("N passed, N failed").
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }
  onRunComplete(_contexts, results) {
    const dir = path.join(__dirname, '.test-results');
    fs.mkdirSync(dir, { recursive: true });
    const name = path.relative(__dirname, this.rootDir).replace(/[\\/]/g, '__') || 'root';
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({
      package: path.relative(__dirname, this.rootDir),
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      suites: results.numTotalTestSuites,
    }));
  }
}
module.exports = SummaryReporter;
