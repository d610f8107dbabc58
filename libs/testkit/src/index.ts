export * from './db';
export * from './redis';
