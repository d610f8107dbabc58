import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail the sink received. */
export interface ReceivedMail {
  readonly messageId: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly to: string[];
  readonly at: Date;
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
export interface SmtpSink {
  readonly port: number;
  /** smtp://user:pass@127.0.0.1:port (credentials only when the sink requires them). */
  url(creds?: { user: string; pass: string }): string;
  readonly received: ReceivedMail[];
  /** Stops listening (connections refused) until {@link up}. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
  /** Resolves when at least `n` mails arrived (rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
}

/** Starts a sink; with `auth`, only that user/password is accepted (others get 535). */
export async function startSmtpSink(opts: { auth?: { user: string; pass: string } } = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const make = () =>
    new SMTPServer({
      disabledCommands: opts.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !opts.auth,
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, cb) {
        if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) cb(null, { user: auth.username });
        else cb(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
      },
      onData(stream, _session, cb) {
        simpleParser(stream)
          .then((m) => {
            const to = m.to ? (Array.isArray(m.to) ? m.to : [m.to]).flatMap((a) => a.value.map((v) => v.address ?? '')) : [];
            received.push({
              messageId: m.messageId ?? '', subject: m.subject ?? '', text: m.text ?? '', html: typeof m.html === 'string' ? m.html : '', to, at: new Date(),
            });
            cb();
          })
          .catch((err: Error) => cb(err));
      },
    });
  let server = make();
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port));
    });
  const closeServer = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const port = await listen(0);
  let isUp = true;
  return {
    port,
    received,
    url: (creds) => (creds ? `smtp://${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.pass)}@127.0.0.1:${port}` : `smtp://127.0.0.1:${port}`),
    async down() {
      if (!isUp) return;
      isUp = false;
      await closeServer();
    },
    async up() {
      if (isUp) return;
      server = make();
      await listen(port);
      isUp = true;
    },
    async close() {
      if (isUp) await closeServer();
      isUp = false;
    },
    async waitFor(n, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${n} mails (got ${received.length})`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}
