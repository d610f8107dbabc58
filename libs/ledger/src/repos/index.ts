export * from './balances.repo';
export * from './rewards.repo';
export * from './pool-stats.repo';
export * from './poolshare-file';
export * from './poolshare-import.repo';
export * from './poolshare-export.repo';
export * from './block-terms.repo';
