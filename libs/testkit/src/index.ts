export * from './db';
export * from './redis';
export * from './log-capture';
