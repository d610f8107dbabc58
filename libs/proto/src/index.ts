/** Generated gRPC contracts. The code under ./gen is produced by `npm run generate` and never edited. */
export * from './gen/ppm/signer/v1/signer_service';
