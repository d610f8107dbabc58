import type { Rendered } from '../catalog/rendered';

/** What a channel is given to send: the rendered text plus the facts a machine receiver wants. */
export interface ChannelMessage {
  /** Stable per message (or digest): a receiver dedupes on it if a send is repeated in the crash window. */
  readonly id: string;
  /** Outbox kind, or 'digest'. */
  readonly kind: string;
  readonly severity: string;
  readonly createdAt: Date;
  readonly rendered: Rendered;
}

/** The outcome of one send; channels never throw. */
export type SendOutcome =
  | { readonly ok: true; readonly response: string; readonly messageId: string }
  | {
    readonly ok: false;
    /** true: the same message may go later (network, 5xx, 429); false: it never will (other 4xx). */
    readonly retryable: boolean;
    readonly code: string;
    readonly error: string;
    readonly response: string | null;
    /** The receiver's Retry-After, when it gave one: the next attempt waits at least this long. */
    readonly retryAfterMs?: number | undefined;
  };

/** One delivery channel (mail, webhook, telegram, discord) for one recipient. */
export interface Channel {
  send(message: ChannelMessage): Promise<SendOutcome>;
}

/** A secret given by reference in the recipients file: a file to read or an env var; never the value itself. */
export interface SecretRef {
  readonly file?: string | undefined;
  readonly env?: string | undefined;
}
