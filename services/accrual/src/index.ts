export * from './app';
export * from './config';
export * from './jobs/apply.job';
export * from './jobs/reverse.job';
export * from './jobs/recover';
export * from './domain/block-entries';
export * from './run';
