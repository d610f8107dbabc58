import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import forge from 'node-forge';

/** Paths of the files {@link generateDevCerts} writes. */
export interface DevCertPaths {
  readonly ca: string;
  readonly signerCert: string;
  readonly signerKey: string;
  readonly payoutCert: string;
  readonly payoutKey: string;
  /** The extra client certificates, by name. */
  readonly extra: Readonly<Record<string, { readonly cert: string; readonly key: string }>>;
}

/** Options for {@link generateDevCerts}. */
export interface DevCertOptions {
  /** Validity in days (default 365). */
  readonly days?: number;
  /** Common name of the CA, so two dev CAs are told apart in errors (default "ppm dev CA"). */
  readonly caName?: string;
  /**
   * Further client certificates of the same CA, by name (`NAME.pem`, `NAME-key.pem`): e.g. a client the signer must
   * refuse because its name is not in PPM_SIGNER_CLIENT_NAMES.
   */
  readonly extraClients?: readonly string[];
}

// 2048-bit RSA: node-forge generates it in pure JS in about a second; enough for development material.
const KEY_BITS = 2048;
const DAY_MS = 86_400_000;

function serial(): string {
  // Positive 16-byte serial: a leading 0x01 keeps the DER integer positive.
  return `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
}

function baseCert(publicKey: forge.pki.PublicKey, commonName: string, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + days * DAY_MS);
  cert.setSubject([{ name: 'commonName', value: commonName }, { name: 'organizationName', value: 'Pool Payout Manager' }]);
  return cert;
}

interface Issued {
  readonly certPem: string;
  readonly keyPem: string;
}

function issueLeaf(
  ca: forge.pki.Certificate,
  caKey: forge.pki.rsa.PrivateKey,
  commonName: string,
  days: number,
  usage: 'server' | 'client',
): Issued {
  const keys = forge.pki.rsa.generateKeyPair(KEY_BITS);
  const cert = baseCert(keys.publicKey, commonName, days);
  cert.setIssuer(ca.subject.attributes);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: usage === 'server', clientAuth: usage === 'client' },
  ];
  if (usage === 'client') {
    // The signer pins its callers by this name (PPM_SIGNER_CLIENT_NAMES): in the CN and as a DNS SAN.
    extensions.push({ name: 'subjectAltName', altNames: [{ type: 2, value: commonName }] });
  }
  if (usage === 'server') {
    // grpc-js checks the server name against the SAN: the signer is reached by IP in tests, by name in compose.
    extensions.push({
      name: 'subjectAltName',
      altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }, { type: 2, value: 'signer' }],
    });
  }
  cert.setExtensions(extensions);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(keys.privateKey) };
}

/**
 * Writes development mTLS material into `outDir`: a CA (`ca.pem`), the signer's server certificate
 * (`signer.pem`/`signer-key.pem`, SAN 127.0.0.1, localhost, signer) and the payout service's client certificate
 * (`payout.pem`/`payout-key.pem`). Keys are written with mode 0600. The CA key is not kept: nobody can issue
 * further certificates from it, which is what a development set-up wants.
 */
export async function generateDevCerts(outDir: string, opts: DevCertOptions = {}): Promise<DevCertPaths> {
  const days = opts.days ?? 365;
  const caKeys = forge.pki.rsa.generateKeyPair(KEY_BITS);
  const ca = baseCert(caKeys.publicKey, opts.caName ?? 'ppm dev CA', days);
  ca.setIssuer(ca.subject.attributes);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());
  const signer = issueLeaf(ca, caKeys.privateKey, 'signer', days, 'server');
  const payout = issueLeaf(ca, caKeys.privateKey, 'payout', days, 'client');

  await mkdir(outDir, { recursive: true });
  const paths: DevCertPaths = {
    ca: path.join(outDir, 'ca.pem'),
    signerCert: path.join(outDir, 'signer.pem'),
    signerKey: path.join(outDir, 'signer-key.pem'),
    payoutCert: path.join(outDir, 'payout.pem'),
    payoutKey: path.join(outDir, 'payout-key.pem'),
    extra: Object.fromEntries((opts.extraClients ?? []).map((n) => [n, { cert: path.join(outDir, `${n}.pem`), key: path.join(outDir, `${n}-key.pem`) }])),
  };
  await writeFile(paths.ca, forge.pki.certificateToPem(ca), { mode: 0o644 });
  await writeFile(paths.signerCert, signer.certPem, { mode: 0o644 });
  await writeFile(paths.payoutCert, payout.certPem, { mode: 0o644 });
  const keys: [string, string][] = [[paths.signerKey, signer.keyPem], [paths.payoutKey, payout.keyPem]];
  for (const name of opts.extraClients ?? []) {
    if (!/^[a-z0-9][a-z0-9.-]{0,62}$/.test(name) || ['ca', 'signer', 'payout'].includes(name)) throw new Error(`bad client certificate name ${JSON.stringify(name)}`);
    const c = issueLeaf(ca, caKeys.privateKey, name, days, 'client');
    const p = paths.extra[name];
    if (!p) continue;
    await writeFile(p.cert, c.certPem, { mode: 0o644 });
    keys.push([p.key, c.keyPem]);
  }
  for (const [file, pem] of keys) {
    await writeFile(file, pem, { mode: 0o600 });
    // writeFile's mode applies only when it creates the file; an existing key file keeps its old mode otherwise.
    await chmod(file, 0o600);
  }
  return paths;
}
