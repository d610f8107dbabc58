export * from './context';
export * from './host';
export * from './metrics';
