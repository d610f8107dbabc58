import fs from 'node:fs';
import path from 'node:path';
import { METHODS } from './catalog';
import { RPC_ROLES, allPpmMethods, rpcWhitelistLine, type RpcRole, type RpcUser } from './rpc-roles';

// One list (rpc-roles.ts), checked both ways: against what the services' code calls, and against qtum.conf.
const ROOT = path.resolve(__dirname, '../../..');
const QTUM_CONF = path.join(ROOT, 'deploy/qtum/qtum.conf');
/** Libraries whose calls every service makes through its own user (the host's tip gauge). */
const SHARED_LIBS = ['libs/service-host'];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['test', 'bench', 'node_modules', 'dist'].includes(entry.name)) out.push(...sourceFiles(p));
    } else if (/\.ts$/.test(entry.name) && !/\.(test|spec)\.ts$|\.d\.ts$/.test(entry.name)) out.push(p);
  }
  return out;
}

/** The catalog's RPCs a folder's production code calls: `client.X(` or the batch builder `rpc.X(`. */
function callsIn(dir: string): Set<string> {
  const names = Object.keys(METHODS).sort((a, b) => b.length - a.length);
  const re = new RegExp(`\\.(${names.join('|')})\\(`, 'g');
  const found = new Set<string>();
  const src = path.basename(dir) === 'src' || dir.includes('/src/') ? dir : path.join(dir, 'src');
  for (const file of sourceFiles(path.join(ROOT, src))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(re)) found.add(m[1]!);
  }
  return found;
}

const sorted = (s: Iterable<string>): string[] => [...s].sort();
const users = Object.keys(RPC_ROLES) as RpcUser[];

describe('RPC_ROLES: one whitelist per qtumd user', () => {
  it('names only RPCs of the catalog, sorted, without walletlock (a locked wallet stops staking)', () => {
    for (const user of users) {
      const methods = [...RPC_ROLES[user].methods];
      expect(methods).toEqual(sorted(new Set(methods)));
      for (const m of methods) expect(Object.keys(METHODS)).toContain(m);
      expect(methods).not.toContain('walletlock');
      expect(methods).not.toContain('sendmany');
    }
    // Only the signer may unlock or sign; only payout and signer touch transactions to send.
    for (const user of users) {
      if (user !== 'ppm-signer') expect(RPC_ROLES[user].methods).not.toEqual(expect.arrayContaining(['walletpassphrase']));
      if (user !== 'ppm-signer') expect(RPC_ROLES[user].methods).not.toEqual(expect.arrayContaining(['signrawtransactionwithwallet']));
    }
  });

  it('every service that talks to qtumd is in exactly one role', () => {
    const talking = fs.readdirSync(path.join(ROOT, 'services')).filter((s) => callsIn(`services/${s}`).size > 0).sort();
    const assigned = users.flatMap((u) => RPC_ROLES[u].services as readonly string[]);
    expect(new Set(assigned).size).toBe(assigned.length);
    for (const s of talking) expect(assigned).toContain(s);
  });

  it.each(users)('%s: the list equals the calls its services make (the code, not a guess)', (user) => {
    const calls = new Set<string>();
    for (const s of RPC_ROLES[user].services) for (const m of callsIn(`services/${s}`)) calls.add(m);
    for (const lib of [...SHARED_LIBS, ...(RPC_ROLES[user] as RpcRole).libs ?? []]) for (const m of callsIn(lib)) calls.add(m);
    const listed = new Set<string>(RPC_ROLES[user].methods);
    const missing = sorted([...calls].filter((m) => !listed.has(m)));
    const unused = sorted([...listed].filter((m) => !calls.has(m)));
    // On failure: add `missing` to / remove `unused` from RPC_ROLES['<user>'] in rpc-roles.ts and the qtum.conf line.
    expect({ user, missing, unused }).toEqual({ user, missing: [], unused: [] });
  });
});

describe('deploy/qtum/qtum.conf', () => {
  const lines = fs.readFileSync(QTUM_CONF, 'utf8').split('\n').map((l) => l.trim());
  const settings = lines.filter((l) => l !== '' && !l.startsWith('#'));
  const whitelists = settings.filter((l) => l.startsWith('rpcwhitelist='));

  it('denies every RPC user without a whitelist line (rpcwhitelistdefault=1)', () => {
    // httprpc.cpp: rpcwhitelistdefault=0 lets a user without a line call everything, wallet RPCs included.
    expect(settings.filter((l) => l.startsWith('rpcwhitelistdefault='))).toEqual(['rpcwhitelistdefault=1']);
  });

  it.each(users)('%s has exactly one whitelist line, equal to RPC_ROLES', (user) => {
    // qtumd intersects several lines of one user: one line, the whole list.
    const mine = whitelists.filter((l) => l.startsWith(`rpcwhitelist=${user}:`));
    expect(mine).toHaveLength(1);
    const methods = mine[0]!.slice(`rpcwhitelist=${user}:`.length).split(/[, ]+/).filter(Boolean);
    expect(sorted(methods)).toEqual(sorted(RPC_ROLES[user].methods));
    expect(mine[0]).toBe(rpcWhitelistLine(user));
  });

  it('whitelists no other ppm-* user, and documents the single-process user as the union of the roles', () => {
    const ppmUsers = whitelists.map((l) => l.slice('rpcwhitelist='.length).split(':')[0]!).filter((u) => u.startsWith('ppm-'));
    expect(sorted(ppmUsers)).toEqual(sorted(users));
    const run = lines.filter((l) => /^#\s*rpcwhitelist=ppm-run:/.test(l));
    expect(run).toEqual([`#rpcwhitelist=ppm-run:${allPpmMethods().join(',')}`]);
  });
});
