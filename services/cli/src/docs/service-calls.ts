import fs from 'node:fs';
import path from 'node:path';
import { METHODS, RPC_ROLES, type RpcRole } from '@ppm/qtum-rpc';

/** What a service calls, derived from its code: qtumd JSON-RPC methods and signer gRPC methods. */
export interface ServiceCalls {
  readonly qtumd: string[];
  readonly grpc: string[];
}

/** The repository root (src/docs → services/cli → root). */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** The service's runtime sources: every .ts under src/ except tests, test helpers, benchmarks and generated code. */
function runtimeSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return ['test', 'bench', 'gen'].includes(e.name) ? [] : runtimeSources(p);
    return e.name.endsWith('.ts') && !/\.test\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** gRPC method names of the signer's service (proto/), e.g. SignBatch. */
export function signerGrpcMethods(root = REPO_ROOT): string[] {
  const dir = path.join(root, 'proto/ppm/signer/v1');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.proto'))
    .flatMap((f) => [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/^\s*rpc\s+(\w+)\s*\(/gm)].map((m) => m[1]!));
}

/**
 * A static scan of a service's calls: every `.method(` in its runtime code whose name is a qtumd method of the
 * qtum-rpc catalog (client calls `rpc.getblockcount()` and batch request builders `rpc.getblockhash(h)` alike),
 * and every `.signBatch(`-style call of a signer gRPC method, in its own code and in the library folders its qtumd
 * role lists (RPC_ROLES `libs`, e.g. the tx-fate reads of @ppm/qtum-rpc). Sorted, unique.
 */
export function scanServiceCalls(service: string, root = REPO_ROOT): ServiceCalls {
  const qtumd = new Set<string>();
  const grpc = new Set<string>();
  const grpcByCall = new Map(signerGrpcMethods(root).map((m) => [m.charAt(0).toLowerCase() + m.slice(1), m]));
  const libs = Object.values(RPC_ROLES as Record<string, RpcRole>).filter((r) => r.services.includes(service)).flatMap((r) => r.libs ?? []);
  const files = [path.join(root, 'services', service, 'src'), ...libs.map((l) => path.join(root, l))].flatMap((d) => runtimeSources(d));
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\.([A-Za-z]+)\(/g)) {
      const name = m[1]!;
      if (Object.hasOwn(METHODS, name)) qtumd.add(name);
      const g = grpcByCall.get(name);
      if (g) grpc.add(g);
    }
  }
  return { qtumd: [...qtumd].sort(), grpc: [...grpc].sort() };
}

/** One row of a README services table: the service and the calls its "RPCs served / called" cell lists. */
export interface DocumentedCalls extends ServiceCalls {
  readonly service: string;
  readonly cell: string;
}

/**
 * The services tables of a README (the tables with a "RPCs served / called" column). The cell's qtumd part is
 * `qtumd[ (role)]: a, b (note), c`, its gRPC part `gRPC … → signer \`A\`, \`B\``; parts are separated by `;`.
 * `service` is the first cell's first word (`notifier ×N` → notifier), or `fallback` when a table has no service
 * column (a service's own README).
 */
export function documentedCalls(markdown: string, fallback?: string): DocumentedCalls[] {
  const rows: DocumentedCalls[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const header = splitRow(lines[i]!);
    const col = header.findIndex((h) => h === 'RPCs served / called');
    if (col < 0) continue;
    const hasService = header[0] === 'service';
    for (let j = i + 2; j < lines.length && lines[j]!.startsWith('|'); j++) {
      const cells = splitRow(lines[j]!);
      const service = hasService ? (cells[0] ?? '').replace(/`/g, '').split(/\s/)[0]! : fallback;
      if (!service) continue;
      const cell = cells[col] ?? '';
      rows.push({ service, cell, ...parseCallsCell(cell) });
    }
  }
  return rows;
}

function splitRow(line: string): string[] {
  if (!line.startsWith('|')) return [];
  return line.slice(1, line.endsWith('|') ? -1 : undefined).split('|').map((c) => c.trim());
}

/** The qtumd and gRPC method names a cell lists. */
export function parseCallsCell(cell: string): ServiceCalls {
  const qtumd: string[] = [];
  const grpc: string[] = [];
  for (const part of cell.split(';')) {
    const q = /qtumd[^:]*:(.*)$/.exec(part);
    if (q) {
      // Notes in parentheses may hold commas: "getwalletinfo (hourly status, optional)".
      for (const item of q[1]!.replace(/\([^)]*\)/g, '').split(',')) {
        const name = /^\s*`?([a-z]+)`?/.exec(item)?.[1];
        if (name) qtumd.push(name);
      }
    }
    const g = /gRPC[^→]*→\s*signer(.*)$/.exec(part);
    if (g) grpc.push(...[...g[1]!.matchAll(/`([A-Z]\w+)`/g)].map((m) => m[1]!));
  }
  return { qtumd: [...new Set(qtumd)].sort(), grpc: [...new Set(grpc)].sort() };
}
