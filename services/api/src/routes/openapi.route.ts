import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument } from '../openapi';

/** GET /openapi.json: the document is built once; it only changes with the code. */
export function registerOpenApiRoute(app: FastifyInstance, version: string): void {
  const doc = JSON.stringify(buildOpenApiDocument(version));
  app.get('/openapi.json', async (_req, reply) => reply.type('application/json').send(doc));
}
