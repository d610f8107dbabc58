export { parseRules, loadRulesFile, rulesVersion } from './rules-file';
export { rulesSchema, type DelegateRules, type LeftoverPolicy } from './rules-schema';
export { redirectMessage } from './redirect-message';
export { checkRedirectSignatures, type VerifyMessage } from './check-redirects';
export { splitPoolFee, type PoolFeePart } from './pool-fee-split';
