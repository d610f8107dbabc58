import { readFileSync, statSync } from 'node:fs';
import { OperatorKeyError, operatorPublicKeyHex, signApproval } from '@ppm/chain';
import type { ApprovalSigner } from '@ppm/payout';
import { CliError } from './output';

/**
 * The operator's approval signer from PPM_OPERATOR_KEY_FILE (a PKCS#8 PEM Ed25519 private key, as `ppm keys new`
 * writes it), or undefined when the variable is unset. The key is read here, on the operator's machine, and never
 * leaves it: only the signature goes into the database.
 */
export function loadApprovalSigner(file: string | undefined): { sign: ApprovalSigner; publicKeyHex: string } | undefined {
  if (!file) return undefined;
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
    if ((statSync(file).mode & 0o077) !== 0) process.stderr.write(`warning: ${file} is readable by other users; chmod 600 it\n`);
  } catch (err) {
    throw new CliError(`PPM_OPERATOR_KEY_FILE: cannot read ${file} (${(err as Error).message})`);
  }
  let publicKeyHex: string;
  try {
    publicKeyHex = operatorPublicKeyHex(pem);
  } catch (err) {
    if (err instanceof OperatorKeyError) throw new CliError(`PPM_OPERATOR_KEY_FILE ${file}: ${err.message} (make one with \`ppm keys new --out FILE\`)`);
    throw err;
  }
  return { publicKeyHex, sign: ({ hash, network, expiresAtMs }) => signApproval(pem, network, hash, Date.now(), expiresAtMs) };
}
