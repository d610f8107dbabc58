// Regenerates libs/proto/src/gen from proto/ with buf + ts-proto. Both binaries come from npm packages
// (buf ships its Linux binary in @bufbuild/buf-linux-x64), so a fresh `npm install` is enough.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');
const out = path.join(root, 'libs/proto/src/gen');
fs.rmSync(out, { recursive: true, force: true });
const buf = path.join(root, 'node_modules/.bin/buf');
execFileSync(buf, ['lint'], { cwd: root, stdio: 'inherit' });
execFileSync(buf, ['generate'], { cwd: root, stdio: 'inherit' });
process.stdout.write(`generated ${path.relative(root, out)}\n`);
