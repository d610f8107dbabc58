// Shared Jest preset: swc transpiles TypeScript (type-checking is a separate `tsc --noEmit` task),
// and @ppm/* imports resolve to package sources so tests never depend on a stale build.
const path = require('node:path');
const fs = require('node:fs');

const root = __dirname;
const moduleNameMapper = {};
for (const group of ['libs', 'services']) {
  for (const dir of fs.readdirSync(path.join(root, group))) {
    const src = path.join(root, group, dir, 'src', 'index.ts');
    if (fs.existsSync(src)) moduleNameMapper[`^@ppm/${dir}$`] = src;
  }
}

module.exports = (packageDir) => ({
  rootDir: packageDir,
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
    // PGlite's CommonJS build loads Node built-ins with import(), which Jest's CommonJS runtime refuses without
    // --experimental-vm-modules; swc rewrites those to require().
    '^.+\\.cjs$': ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // fastify's inject() loads cookie@2, which is ESM-only.
  transformIgnorePatterns: ['/node_modules/(?!(cookie|@electric-sql/pglite)/)'],
  moduleNameMapper,
  globalSetup: path.join(root, 'jest.global-setup.js'),
  testTimeout: 60_000,
  reporters: ['default', path.join(root, 'jest.summary-reporter.js')],
  // Integration tests share real Redis/Postgres; they isolate by prefix/schema, but one worker
  // per package keeps the 2-core CI machine from thrashing.
  maxWorkers: process.env.CI ? 1 : '50%',
});
