export { parseRules, loadRulesFile, rulesVersion, rulesCanonicalJson } from './rules-file';
export { rulesFromCanonicalJson } from './rules-canonical';
export { rulesSchema, type DelegateRules, type LeftoverPolicy } from './rules-schema';
export { redirectMessage } from './redirect-message';
export { checkRedirectSignatures, type VerifyMessage } from './check-redirects';
export { loadRules, createRulesHolder, type LoadedRules, type RulesHolder, type RulesReload } from './rules-holder';
export { splitWithRules, type RuleEffect, type RuledSplit } from './split/split-with-rules';
export { splitPoolFee, type PoolFeePart } from './pool-fee-split';
