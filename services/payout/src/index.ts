/** @ppm/payout: plans, approves and executes payouts as a persisted, crash-safe state machine. */
export { createPayoutApp, SCHEDULER_ID, type PayoutApp, type PayoutAppConfig, type PayoutAppDeps } from './app';
export { loadPayoutConfig, payoutConfigShape, TRACK_INTERVAL_MS, type PayoutConfig } from './config';
export type { ExecSettings, PayoutContext } from './context';
export {
  payoutPlanJson, payoutPlanCsv, approvePlan, runPayout, listPayouts, createPayoutContext,
  type PlanJson, type RunPayoutDeps, type RunPayoutResult, type PayoutListing,
} from './cli';
export { buildPlan, planFromContent, type PayoutPlan, type PlannedBatch, type PlanSettings, type DelegateBalance } from './domain/plan';
export { estimateBatchFeeSats, estimateTxBytes, FEE_RATE_SATS_PER_VBYTE } from './domain/fee';
export { BATCH_STATES, TRANSITIONS, canTransition, isFinal, nextStep, type BatchState } from './domain/batch-state';
export { approve, PlanChangedError, type ApprovalSigner, type ApproveOptions } from './jobs/approve-plan';
export { proposePlan, planNow, planPayout, type Proposal } from './jobs/propose-plan';
export { executePlan } from './jobs/execute-plan';
export { payoutTick } from './jobs/tick';
export { CRASH_POINTS, InjectedCrash, type CrashPoint, type CrashHook } from './jobs/crash-point';
export { createSignerPort, toSignerPort, type SignerDep, type SignerPort } from './rpc/signer-port';
export type { PayoutRpc } from './chain/payout-rpc';
export { runPayoutService, openSignerClient, loadPlanRules, rulesSourceOf, type RunningPayout } from './run';
export { loadPayoutRules, payoutRulesOf, type PayoutRules } from './rules/payout-rules';
export { reloadRules, type RulesSource } from './rules/rules-reload';
