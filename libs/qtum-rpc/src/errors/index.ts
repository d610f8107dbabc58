export * from './rpc-error';
export * from './rpc-error-classes';
export * from './rpc-error-from-code';
export * from './transport-errors';
