import { Writable } from 'node:stream';
import { createLogger } from './logger';

/** A logger writing to memory; `text()` is everything logged so far. */
function capture() {
  const chunks: string[] = [];
  const destination = new Writable({ write(chunk: Buffer, _enc, cb) { chunks.push(chunk.toString()); cb(); } });
  return { log: createLogger({ name: 'test', destination }), text: () => chunks.join('') };
}

describe('createLogger', () => {
  it('redacts secrets at the top level and one level down', () => {
    const { log, text } = capture();
    log.info({
      passphrase: 'SECRET-PASSPHRASE-1',
      password: 'SECRET-PASSWORD-2',
      smtpUrl: 'smtps://user:SECRET-SMTP-3@mail:465',
      authorization: 'Basic SECRET-AUTH-4',
      headers: { authorization: 'Bearer SECRET-AUTH-5' },
      wallet: { passphrase: 'SECRET-PASSPHRASE-6' },
      mail: { smtpUrl: 'smtps://u:SECRET-SMTP-7@h:465' },
      height: 1234,
    }, 'with secrets');
    const out = text();
    expect(out).toContain('"height":1234');
    expect(out).toContain('with secrets');
    expect(out).toContain('[redacted]');
    expect(out).not.toMatch(/SECRET-/);
  });

  it('redacts secrets bound to a child logger', () => {
    const { log, text } = capture();
    log.child({ password: 'SECRET-CHILD' }).info('child line');
    expect(text()).toContain('child line');
    expect(text()).not.toContain('SECRET-CHILD');
  });

  it('writes JSON lines with the name and honours the level', () => {
    const chunks: string[] = [];
    const destination = new Writable({ write(chunk: Buffer, _enc, cb) { chunks.push(chunk.toString()); cb(); } });
    const log = createLogger({ name: 'svc', level: 'warn', destination });
    log.info('hidden');
    log.warn({ ms: 5 }, 'shown');
    expect(chunks).toHaveLength(1);
    expect(JSON.parse(chunks[0]!)).toMatchObject({ name: 'svc', msg: 'shown', ms: 5 });
  });
});
