import http from 'node:http';
import net from 'node:net';
import { silentLogger } from '@ppm/runtime';
import { createApiApp, type ApiApp } from '../app';
import { API_OPERATIONS } from '../openapi';
import { openApiFixture, type ApiFixture } from '../test/api-fixture';
import { A, B, BATCH1, BATCH2, C, E, H100, H104, UNKNOWN } from '../test/seed';
import { availableBackends } from '../test/test-db';
import { createRandom, createRequestGenerator, type FuzzRequest } from './random-requests';

jest.setTimeout(600_000);

const REQUESTS = 10_000;
const CONCURRENCY = 8;
const SEED = Number(process.env.PPM_FUZZ_SEED ?? 20261202);

interface Answer {
  status: number;
  type: string;
  body: string;
}

/**
 * Sends `r`. When the server refuses a malformed request early (a 400 with `Connection: close`, before it read
 * the body), the keep-alive socket may already be handed to the next request, or the unread body bytes draw a
 * second 400: Node's client then reports a hang-up or a parse error that is not the server's answer. Such a
 * request is sent again alone on a raw connection, and the status line of the first answer is what counts
 * (its body is not checked).
 */
async function send(agent: http.Agent, port: number, r: FuzzRequest): Promise<Answer> {
  try {
    return await sendOnce(agent, port, r);
  } catch (err) {
    if (!/hang up|Parse Error|ECONNRESET/.test(`${String(err)} ${(err as { code?: string }).code ?? ''}`)) throw err;
    const body = Buffer.from(r.body ?? '', 'utf8');
    const head = [`${r.method} ${r.path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`),
      ...(r.body === undefined ? [] : [`Content-Length: ${body.length}`])].join('\r\n');
    const status = await sendRaw(port, Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'utf8'), body]));
    if (status === 0) throw new Error(`closed without an answer (also alone on a raw connection): ${String(err)}`, { cause: err });
    return { status, type: '', body: '' };
  }
}

function sendOnce(agent: http.Agent | false, port: number, r: FuzzRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: r.method, path: r.path, headers: r.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

/** Raw bytes on a fresh connection: what no well-behaved client would send. Resolves the status line's code (0 when closed without one). */
function sendRaw(port: number, bytes: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.setTimeout(5_000, () => socket.destroy());
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0)));
    // Written, not ended: a half-closed connection lets the server drop it before a slow answer is written.
    socket.write(bytes);
  });
}

describe.each(availableBackends())('fuzzed requests on %s', (backend) => {
  let f: ApiFixture;
  let api: ApiApp;
  let port: number;
  beforeAll(async () => {
    f = await openApiFixture(backend);
    api = createApiApp({ PPM_API_LISTEN: '127.0.0.1:0', PPM_NETWORK: 'regtest', PPM_API_RATE_LIMIT: 0 }, { db: f.testDb.db, log: silentLogger() });
    port = (await api.start()).port;
  });
  afterAll(async () => {
    await api?.stop();
    await f?.close();
  });

  test(`${REQUESTS} random requests over every route and method: no 5xx, every error is JSON with a message, the server stays up`, async () => {
    const routes = API_OPERATIONS.map((op) => op.path);
    const next = createRequestGenerator(createRandom(SEED), routes, {
      addresses: [A, B, C, E, UNKNOWN], hashes: [H100, H104], batchIds: [BATCH1, BATCH2],
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const failures: string[] = [];
    const counts: Record<string, number> = {};
    let clientRefused = 0;
    let sent = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (sent < REQUESTS) {
        sent += 1;
        const r = next();
        let a: Answer;
        try {
          a = await send(agent, port, r);
        } catch (err) {
          // Node's client refuses some generated paths before sending (e.g. unescaped characters): not the server's answer.
          if ((err as { code?: string }).code === 'ERR_UNESCAPED_CHARACTERS' || (err as { code?: string }).code === 'ERR_INVALID_CHAR') {
            clientRefused += 1;
            continue;
          }
          failures.push(`${r.method} ${r.path.slice(0, 200)}: ${String(err)}`);
          continue;
        }
        counts[a.status] = (counts[a.status] ?? 0) + 1;
        if (a.status >= 500) failures.push(`${r.method} ${r.path.slice(0, 200)} -> ${a.status} ${a.body.slice(0, 200)}`);
        else if (a.status >= 400 && r.method !== 'HEAD' && a.type !== '') {
          const body = a.type.startsWith('application/json') ? (JSON.parse(a.body) as { error?: unknown; message?: unknown }) : {};
          if (typeof body.error !== 'string' || typeof body.message !== 'string' || body.message.length === 0) {
            failures.push(`${r.method} ${r.path.slice(0, 200)} -> ${a.status} without a JSON error: ${a.type} ${a.body.slice(0, 200)}`);
          }
        }
      }
    }));
    agent.destroy();
    process.stdout.write(`fuzz seed ${SEED} on ${backend}: statuses ${JSON.stringify(counts)}, refused by the client ${clientRefused}\n`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(clientRefused).toBeLessThan(REQUESTS / 20);
    expect(Object.keys(counts).filter((s) => s.startsWith('2')).length).toBeGreaterThan(0);
    const alive = await fetch(`http://127.0.0.1:${port}/v1/status`);
    expect(alive.status).toBe(200);
  });

  test('raw malformed requests (bad request lines, raw unicode, control characters, huge headers) get 4xx or a closed connection, never 5xx', async () => {
    const random = createRandom(SEED + 1);
    const raws: Buffer[] = [
      Buffer.from('GET /v1/delegates/\u00e9\u{1f4a5} HTTP/1.1\r\nHost: x\r\n\r\n', 'utf8'),
      Buffer.from('GET /v1/status?limit=\u0000 HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1'),
      Buffer.from('GARBAGE\r\n\r\n'),
      Buffer.from(`GET /v1/status HTTP/1.1\r\nHost: x\r\nX-Long: ${'a'.repeat(100_000)}\r\n\r\n`),
      Buffer.from(`GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
      Buffer.from('POST /v1/status HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Type: application/json\r\n\r\n{"a":'),
      Buffer.from('POST /v1/status HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n'),
      Buffer.from('GET /v1/rewards?from=%ZZ HTTP/1.1\r\nHost: x\r\n\r\n'),
      Buffer.from('GET /v1/delegates/%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n'),
    ];
    for (let i = 0; i < 100; i++) raws.push(Buffer.from(Array.from({ length: 1 + Math.floor(random() * 300) }, () => Math.floor(random() * 256))));
    for (const raw of raws) {
      const status = await sendRaw(port, raw);
      expect([raw.subarray(0, 60).toString('latin1'), status >= 500]).toEqual([raw.subarray(0, 60).toString('latin1'), false]);
    }
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });
});
