#!/usr/bin/env node
'use strict';
// The `ppm` command as npm links it (`npx ppm`, node_modules/.bin/ppm). Committed, so `npm install` on a fresh
// clone links it before anything is built: it builds what is missing (the CLI and the libraries it imports, once)
// and then runs services/cli/dist/main.js. After pulling changes, `npm run build` rebuilds.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const pkgDir = path.resolve(__dirname, '..');
const root = path.resolve(pkgDir, '..', '..');
const main = path.join(pkgDir, 'dist', 'main.js');

/** True when dist/main.js and every @ppm library it imports are built. */
function built() {
  if (!fs.existsSync(main)) return false;
  const deps = Object.keys(require(path.join(pkgDir, 'package.json')).dependencies ?? {}).filter((d) => d.startsWith('@ppm/'));
  try {
    for (const dep of deps) require.resolve(dep, { paths: [pkgDir] });
    return true;
  } catch {
    return false;
  }
}

if (!built()) {
  const turbo = path.join(root, 'node_modules', 'turbo', 'bin', 'turbo');
  if (!fs.existsSync(turbo)) {
    process.stderr.write(`ppm: not built yet (${path.relative(process.cwd(), main)} is missing) and turbo is not installed: ` +
      `run \`npm install\` and then \`npm run build\` in ${root}\n`);
    process.exit(1);
  }
  process.stderr.write('ppm: building the CLI and the libraries it uses (first run; `npm run build` does the same)...\n');
  // Build output goes to stderr: stdout carries only the command's own output (JSON for --json).
  const r = spawnSync(process.execPath, [turbo, 'run', 'build', '--filter=@ppm/cli...', '--output-logs=errors-only'], {
    cwd: root, stdio: ['ignore', 2, 2], env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
  });
  if (r.status !== 0 || !built()) {
    process.stderr.write(`ppm: the build failed (exit ${r.status ?? r.signal}); run \`npm run build\` in ${root} to see why\n`);
    process.exit(1);
  }
}
require(main);
