export * from './csv';
export * from './report-range';
export * from './payout-report';
export * from './delegate-statement';
