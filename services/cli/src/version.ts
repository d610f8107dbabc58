import fs from 'node:fs';
import path from 'node:path';

/** The CLI's version: services/cli/package.json's (read at run time: src/ and dist/ sit beside it). */
export function cliVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
