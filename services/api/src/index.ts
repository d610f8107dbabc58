export { createApiApp, API_VERSION, type ApiApp, type ApiDeps } from './app';
export { apiConfigShape, loadApiConfig, type ApiConfig, type ApiAppConfig } from './config';
export { buildOpenApiDocument, API_OPERATIONS, type ApiOperation } from './openapi';
export { runApi, type RunningApi } from './run';
