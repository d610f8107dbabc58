import path from 'node:path';
import type { Command } from 'commander';
import { generateDevCerts } from '@ppm/signer';
import { printJson, say } from '../output';
import { countArg } from './parse-args';

/** `ppm certs --out DIR`: a development CA, the signer's server certificate and the payout's client certificate. */
export function registerCerts(program: Command): void {
  program
    .command('certs')
    .description('make development mTLS material: ca.pem, signer.pem, signer-key.pem, payout.pem, payout-key.pem')
    .requiredOption('--out <dir>', 'output folder (created if missing; keys are written with mode 0600)')
    .option('--days <n>', 'validity in days (1..3650)', countArg(1, 3650), 365)
    .option('--json', 'print the paths as JSON')
    .action(async (opts: { out: string; days: number; json?: boolean }) => {
      const paths = await generateDevCerts(path.resolve(opts.out), { days: opts.days });
      if (opts.json) return printJson(paths);
      say(`wrote development certificates to ${path.resolve(opts.out)}:`);
      for (const [k, v] of Object.entries(paths)) say(`  ${k}: ${v}`);
      say('signer: PPM_TLS_CA=ca.pem PPM_TLS_CERT=signer.pem PPM_TLS_KEY=signer-key.pem');
      say('payout: PPM_TLS_CA=ca.pem PPM_TLS_CERT=payout.pem PPM_TLS_KEY=payout-key.pem');
    });
}
