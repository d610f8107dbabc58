import fs from 'node:fs';
import sparticuz from '@sparticuz/chromium';

/** Debian's Chromium: used when installed (apt-get install -y chromium). */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const COMMON_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** @sparticuz/chromium's own flags that weaken what the dashboard test checks (same-origin, mixed content). */
const WEAKENING = new Set(['--disable-web-security', '--allow-running-insecure-content']);

/**
 * The Chromium the browser tests drive: Debian's when present, otherwise the binary shipped inside the npm package
 * `@sparticuz/chromium` (unpacked into the temporary folder on first use), so a machine with only Node needs no
 * browser download and no system package.
 */
export async function findChromium(): Promise<{ executablePath: string; args: string[]; source: string }> {
  if (fs.existsSync(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM, args: ['--headless', ...COMMON_ARGS], source: DEBIAN_CHROMIUM };
  const executablePath = await sparticuz.executablePath();
  const args = [...new Set([...sparticuz.args.filter((a) => !WEAKENING.has(a)), ...COMMON_ARGS])];
  return { executablePath, args, source: `@sparticuz/chromium (${executablePath})` };
}
