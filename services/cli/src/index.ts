export * from './output';
export * from './context';
