export { createNotifierApp, type NotifierApp, type NotifierDeps } from './app';
export {
  DEFAULT_TUNING, loadNotifierProcessConfig, notifierConfigFrom, smtpHost, type NotifierConfig, type NotifierTuning,
} from './config';
export { renderMessage, renderers, severityOf, isOutboxKind } from './catalog/catalog';
export { renderDigest } from './catalog/digest';
export { SMS_MAX_CHARS, type Rendered, type RendererCatalog } from './catalog/rendered';
export {
  CHANNEL_KINDS, notifyTest, selectRecipients, type ChannelKind, type ChannelTestResult, type NotifyTestResult, type NotifyTestSelection,
} from './delivery/notify-test';
export { createNotifierMetrics, type NotifierMetrics } from './delivery/notifier-metrics';
export { parseRecipients, readRecipientsFile, recipientsFileSchema } from './recipients/recipients-file';
export { simpleRecipients, type QuietHours, type Recipient } from './recipients/recipient';
export { isQuiet, quietEndsAt } from './recipients/quiet-hours';
export type { StatusRpc } from './jobs/node-status';
export {
  listNotifications, notifierStatus, type DeliveryState, type DeliveryView, type NotificationView, type NotifierStatus,
} from './store/status.repo';
export { runNotifier } from './run';
