export * from './db/db';
export * from './db/postgres';
export * from './db/pglite';
export * from './db/migrate';
export * from './db/open';
export * from './outbox';
export * from './repos';
export * from './reports';
