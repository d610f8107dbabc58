import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

/** The dashboard's files (services/api/public), the same from src/ (tests) and dist/ (production). */
export const PUBLIC_DIR = path.resolve(__dirname, '../../public');

// A fixed list rather than a directory walk: nothing else in public/ can be served, and no path from a URL
// ever reaches the file system.
const FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/chart.js': { file: 'chart.js', type: 'text/javascript; charset=utf-8' },
  '/qtum-format.js': { file: 'qtum-format.js', type: 'text/javascript; charset=utf-8' },
  '/payout-proof.js': { file: 'payout-proof.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

// Everything is same-origin; no CDN (the machines may have no internet) and no inline script.
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

/** Serves the delegate dashboard: plain HTML, CSS and JS read once at start-up. */
export function registerDashboardRoutes(app: FastifyInstance, dir: string = PUBLIC_DIR): void {
  for (const [url, { file, type }] of Object.entries(FILES)) {
    const body = fs.readFileSync(path.join(dir, file));
    app.get(url, async (_req, reply) =>
      reply.type(type).header('content-security-policy', CSP).header('cache-control', 'no-cache').send(body));
  }
}
