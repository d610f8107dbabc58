const base = require('../../jest.preset.js')(__dirname);

const swc = ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }];

module.exports = {
  ...base,
  transform: {
    ...base.transform,
    // PGlite's CommonJS build loads Node built-ins with import(), which Jest's CommonJS runtime refuses without
    // --experimental-vm-modules; swc rewrites those to require().
    '^.+\\.cjs$': swc,
  },
  transformIgnorePatterns: ['/node_modules/(?!(@electric-sql/pglite)/)'],
};
