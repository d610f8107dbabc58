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
  // light-my-request (fastify's inject) requires `cookie` 2, which ships ESM only; PGlite as above.
  transformIgnorePatterns: ['/node_modules/(?!(cookie|@electric-sql/pglite)/)'],
};
