export * from './errors';
export * from './logger';
export * from './shutdown';
export * from './config';
export * from './ops-server';
