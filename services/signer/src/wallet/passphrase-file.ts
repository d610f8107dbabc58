import { readFile, stat } from 'node:fs/promises';
import type { Logger } from '@ppm/runtime';

/**
 * Reads the wallet passphrase from its file (PPM_WALLET_PASSPHRASE_FILE). One trailing newline is dropped
 * (editors add one); everything else is the passphrase. Warns when the file is readable by group or others.
 * The passphrase never goes to a log, an error message or a request.
 */
export async function readPassphraseFile(file: string, log: Logger): Promise<string> {
  const mode = (await stat(file)).mode & 0o777;
  if ((mode & 0o077) !== 0) log.warn({ file, mode: mode.toString(8) }, 'wallet passphrase file is readable by others; chmod 600 it');
  const passphrase = (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
  if (passphrase === '') throw new Error(`wallet passphrase file ${file} is empty`);
  return passphrase;
}
