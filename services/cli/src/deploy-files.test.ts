import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { DEFAULT_HEAP_MB } from './heap-limit';

// The deployment files as a reader of them would check: pinned images, /readyz healthchecks, start order by
// health, the signer beside qtumd, and each process on its own database role. (`docker-compose config -q`
// validates the syntax; this checks what it cannot.)
const ROOT = path.resolve(__dirname, '../../..');
const read = (p: string): string => fs.readFileSync(path.join(ROOT, p), 'utf8');

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  network_mode?: string;
  networks?: string[] | Record<string, unknown>;
  ports?: string[];
}

/** `${VAR:-default}` as compose resolves it with VAR unset. */
const defaults = (s: string): string => s.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;
const ONE_SHOT = ['db-roles', 'migrate'];
const env = (name: string): Record<string, string> => Object.fromEntries(Object.entries(services[name]?.environment ?? {}).map(([k, v]) => [k, defaults(String(v))]));
const userOf = (url: string | undefined): string => (url ? new URL(url).username : '');

/** A pinned tag: an explicit version number (e.g. 16.6-alpine, 24.11.1-bookworm-slim), never latest or a bare major. */
function pinned(image: string): boolean {
  const tag = image.split('@')[0]!.split(':')[1] ?? '';
  return /^\d+\.\d+/.test(tag);
}

describe('docker-compose.yml', () => {
  it('pins every image tag', () => {
    for (const [name, s] of Object.entries(services)) {
      expect({ name, image: s.image && defaults(s.image) }).toEqual({ name, image: expect.any(String) });
      expect({ name, pinned: pinned(defaults(s.image!)) }).toEqual({ name, pinned: true });
    }
  });

  it('every long-running PPM service has a /readyz healthcheck on its fixed ops port', () => {
    const ppm = Object.entries(services).filter(([n, s]) => s.image?.includes('PPM_IMAGE') && !ONE_SHOT.includes(n));
    expect(ppm.map(([n]) => n).sort()).toEqual(['accrual', 'api', 'chain-watcher', 'notifier', 'payout', 'signer', 'snapshotter']);
    for (const [name, s] of ppm) {
      expect({ name, ops: env(name).PPM_OPS_LISTEN }).toEqual({ name, ops: '0.0.0.0:9464' });
      expect({ name, test: s.healthcheck?.test.join(' ') }).toEqual({ name, test: expect.stringContaining('http://127.0.0.1:9464/readyz') });
    }
    for (const name of ONE_SHOT) expect(services[name]?.healthcheck).toBeUndefined();
    for (const name of ['postgres', 'redis', 'qtumd']) expect(services[name]?.healthcheck?.test.length).toBeGreaterThan(0);
  });

  it('starts in order: every dependency is waited for healthy, or for a one-shot to complete', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        expect(services[dep]).toBeDefined();
        const want = ONE_SHOT.includes(dep) ? 'service_completed_successfully' : 'service_healthy';
        expect({ name, dep, condition }).toEqual({ name, dep, condition: want });
        if (want === 'service_healthy') expect(services[dep]?.healthcheck).toBeDefined();
      }
    }
    for (const name of ['chain-watcher', 'snapshotter', 'accrual', 'payout', 'notifier', 'api']) {
      expect(Object.keys(services[name]?.depends_on ?? {})).toEqual(expect.arrayContaining(['migrate', 'postgres', 'redis']));
    }
    expect(services['migrate']?.depends_on?.['db-roles']).toBeDefined();
    expect(services['payout']?.depends_on?.['signer']).toEqual({ condition: 'service_healthy' });
  });

  it('runs the signer beside qtumd: its namespace, qtumd on loopback, gRPC only on the internal signer network', () => {
    const s = services['signer']!;
    expect(s.network_mode).toBe('service:qtumd');
    expect(s.ports).toBeUndefined();
    expect(new URL(env('signer').QTUM_RPC_URL!).hostname).toBe('127.0.0.1');
    expect(env('signer').DATABASE_URL).toBeUndefined();
    expect(env('signer').REDIS_URL).toBeUndefined();
    const qtumdNets = services['qtumd']!.networks as Record<string, { ipv4_address?: string; aliases?: string[] }>;
    expect(env('signer').PPM_SIGNER_LISTEN).toBe(`${defaults(qtumdNets['signer']!.ipv4_address!)}:50051`);
    expect(qtumdNets['signer']!.aliases).toContain('signer');
    expect(env('payout').PPM_SIGNER_URL).toBe('signer:50051');
    const onSigner = Object.entries(services).filter(([, x]) => (Array.isArray(x.networks) ? x.networks.includes('signer') : Boolean(x.networks && 'signer' in x.networks)));
    expect(onSigner.map(([n]) => n).sort()).toEqual(['payout', 'qtumd']);
    for (const name of ['chain-watcher', 'snapshotter', 'notifier', 'payout']) expect(new URL(env(name).QTUM_RPC_URL!).hostname).toBe('qtumd');
  });

  it('gives each process its database role: admin for db roles, owner for migrate, writer for services, read-only api', () => {
    expect(userOf(env('db-roles').DATABASE_URL)).toBe('postgres');
    expect(services['db-roles']!.command).toEqual(expect.arrayContaining(['db', 'roles', '--owner', 'ppm_owner', '--writer', 'ppm_writer', '--reader', 'ppm_api']));
    expect(userOf(env('migrate').DATABASE_URL)).toBe('ppm_owner');
    for (const name of ['chain-watcher', 'snapshotter', 'accrual', 'payout', 'notifier']) expect({ name, user: userOf(env(name).DATABASE_URL) }).toEqual({ name, user: 'ppm_writer' });
    expect(userOf(env('api').DATABASE_URL)).toBe('ppm_api');
    expect(env('api').QTUM_RPC_URL).toBeUndefined();
    expect(env('accrual').QTUM_RPC_URL).toBeUndefined();
    // Only the one-shot commands may migrate; nobody auto-migrates a shared database.
    for (const name of Object.keys(services)) expect(env(name).PPM_AUTO_MIGRATE).toBeUndefined();
  });
});

describe('deploy/docker/Dockerfile and .dockerignore', () => {
  const dockerfile = read('deploy/docker/Dockerfile');

  it('builds on a pinned, supported Node LTS (22 or 24) in every stage', () => {
    const arg = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1];
    expect(arg).toMatch(/^node:(22|24)\.\d+\.\d+-/);
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const f of froms) expect(f).toBe('${NODE_IMAGE}');
  });

  it('runs with the heap limit ppm applies out of the box, in NODE_OPTIONS (no relaunch in the container)', () => {
    expect(/^ENV .*NODE_OPTIONS=--max-old-space-size=(\d+)/m.exec(dockerfile)?.[1]).toBe(String(DEFAULT_HEAP_MB));
  });

  it('keeps host dependencies, build output, data, secrets and VCS out of the build context', () => {
    const ignore = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const p of ['**/node_modules', '**/dist', '.git', '.env', 'data', 'deploy/secrets']) expect(ignore).toContain(p);
  });
});

describe('deploy/k8s', () => {
  const docs = fs.readdirSync(path.join(ROOT, 'deploy/k8s')).filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(read(`deploy/k8s/${f}`)).map((d) => d.toJSON() as Record<string, unknown>));
  type Container = { name: string; image: string; readinessProbe?: { httpGet?: { path: string }; exec?: unknown } };
  const containers = docs.filter((d) => ['Deployment', 'StatefulSet', 'Job'].includes(String(d.kind)))
    .flatMap((d) => ((d.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers).map((c) => ({ kind: String(d.kind), c })));

  it('pins the PPM image and probes every long-running PPM container on /readyz', () => {
    const kustomization = docs.find((d) => d.kind === 'Kustomization') as { images: { name: string; newTag: string }[] };
    expect(kustomization.images.find((i) => i.name === 'pool-payout-manager')?.newTag).toMatch(/^\d+\.\d+\.\d+/);
    for (const { kind, c } of containers) {
      if (c.image !== 'pool-payout-manager') expect({ image: c.image, pinned: pinned(c.image) }).toEqual({ image: c.image, pinned: true });
      else if (kind !== 'Job') expect({ name: c.name, path: c.readinessProbe?.httpGet?.path }).toEqual({ name: c.name, path: '/readyz' });
    }
  });

  it('runs the signer in the qtumd pod (loopback), the only workload with the wallet passphrase', () => {
    const pods = docs.filter((d) => ['Deployment', 'StatefulSet'].includes(String(d.kind)));
    const withSigner = pods.filter((d) => JSON.stringify(d).includes('"args":["signer"]'));
    expect(withSigner).toHaveLength(1);
    const names = (withSigner[0]!.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers.map((c) => c.name);
    expect(names.sort()).toEqual(['qtumd', 'signer']);
    expect(pods.filter((d) => JSON.stringify(d).includes('ppm-wallet-passphrase'))).toHaveLength(1);
  });
});
