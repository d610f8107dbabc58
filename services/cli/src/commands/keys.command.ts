import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { generateOperatorKey } from '@ppm/chain';
import { CliError, printJson, say } from '../output';

/** `ppm keys new --out FILE`: an operator key for signing manual payout approvals. */
export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('operator keys that sign manual payout approvals');
  keys
    .command('new')
    .description('make an Ed25519 operator key (PKCS#8 PEM, mode 0600) and print its public key for PPM_OPERATOR_PUBKEYS')
    .requiredOption('--out <file>', 'where to write the private key (never overwritten)')
    .option('--json', 'print { file, publicKey } as JSON')
    .action(async (opts: { out: string; json?: boolean }) => {
      const file = path.resolve(opts.out);
      const key = generateOperatorKey();
      try {
        // 'wx': an existing key is never replaced (the signer may trust it).
        await writeFile(file, key.privateKeyPem, { mode: 0o600, flag: 'wx' });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new CliError(code === 'EEXIST' ? `${file} exists; refusing to overwrite an operator key` : `cannot write ${file}: ${(err as Error).message}`);
      }
      if (opts.json) return printJson({ file, publicKey: key.publicKeyHex });
      say(`wrote the operator key to ${file} (keep it on the operator's machine, mode 0600)`);
      say(`public key: ${key.publicKeyHex}`);
      say(`operator (ppm payout approve): PPM_OPERATOR_KEY_FILE=${file}`);
      say(`signer: PPM_OPERATOR_PUBKEYS=${key.publicKeyHex} (comma-separate several operators)`);
    });
}
