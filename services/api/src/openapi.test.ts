import { API_OPERATIONS, buildOpenApiDocument, toOpenApiPath } from './openapi';

interface Doc {
  openapi: string;
  info: { version: string };
  paths: Record<string, { get: { operationId: string; parameters: { name: string; in: string }[]; responses: Record<string, unknown> } }>;
}

test('the document round-trips through JSON and has one GET per operation with unique operation ids', () => {
  const doc = JSON.parse(JSON.stringify(buildOpenApiDocument('9.9.9'))) as Doc;
  expect(doc.openapi).toBe('3.1.0');
  expect(doc.info.version).toBe('9.9.9');
  expect(Object.keys(doc.paths)).toEqual(API_OPERATIONS.map((op) => toOpenApiPath(op.path)));
  const ids = Object.values(doc.paths).map((p) => p.get.operationId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(doc.paths['/v1/delegates/{address}']!.get.operationId).toBe('getV1DelegatesAddress');
  for (const [path, item] of Object.entries(doc.paths)) {
    expect([path, Object.keys(item.get.responses)]).toEqual([path, expect.arrayContaining(['200'])]);
    for (const p of item.get.parameters.filter((x) => x.in === 'path')) expect(path).toContain(`{${p.name}}`);
  }
});

test('toOpenApiPath turns Fastify params into OpenAPI templates', () => {
  expect(toOpenApiPath('/v1/delegates/:address')).toBe('/v1/delegates/{address}');
  expect(toOpenApiPath('/v1/status')).toBe('/v1/status');
});
