import pino from 'pino';
import { createProgress } from './progress';
import { LogSink } from './terminal';

/** A fake terminal: what was written, in order. */
function screen() {
  const writes: string[] = [];
  return { writes, write: (s: string) => { writes.push(s); return true; } };
}

describe('the CLI log sink', () => {
  it('passes JSON lines through unchanged off a terminal', () => {
    const out = screen();
    const log = pino({ base: null }, new LogSink(out, { pretty: false }));
    log.info({ height: 7 }, 'applied');
    const line = JSON.parse(out.writes.join('')) as { msg: string; height: number; level: number };
    expect(line).toEqual(expect.objectContaining({ msg: 'applied', height: 7, level: 30 }));
  });

  it('renders lines for humans on a terminal (pino-pretty), no JSON', () => {
    const out = screen();
    const log = pino({ name: 'ppm' }, new LogSink(out, { pretty: true }));
    log.warn({ height: 7 }, 'block waits');
    const text = out.writes.join('');
    expect(text).toMatch(/WARN.*block waits/);
    expect(text).toContain('{"height":7}'); // one line per entry: the bar is redrawn below it
    expect(text.trim().startsWith('{')).toBe(false);
  });

  it('writes a log line over the progress bar, then draws the bar again below it', () => {
    const out = screen();
    const sink = new LogSink(out, { pretty: true });
    const log = pino({ name: 'ppm' }, sink);
    let drawn = 0;
    sink.attach({ render: () => { drawn += 1; out.write('[bar]'); } });
    log.info('first');
    log.info('second');
    sink.detach();
    log.info('third');
    // Each line clears the bar's line first and is followed by the bar; after detach, plain lines.
    expect(drawn).toBe(2);
    const CLEAR = '\r\x1b[2K';
    expect(out.writes[0]!.startsWith(CLEAR) && out.writes[0]!.endsWith('first\n')).toBe(true);
    expect(out.writes[1]).toBe('[bar]');
    expect(out.writes[2]!.startsWith(CLEAR) && out.writes[2]!.endsWith('second\n')).toBe(true);
    expect(out.writes[3]).toBe('[bar]');
    expect(out.writes[4]).toMatch(/^[^\r].*third\n$/s);
  });

  it('a real progress bar attaches while it runs, and log lines never land inside it', () => {
    const out = screen();
    const sink = new LogSink(out, { pretty: true });
    const log = pino({ name: 'ppm' }, sink);
    const stream = Object.assign(out, { isTTY: true, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true, on: () => stream }) as never;
    const progress = createProgress(log, { tty: true, sink, stream });
    progress.start(10, 'sync to 10');
    progress.update(3);
    log.info('a block was applied');
    progress.update(10);
    progress.stop();
    log.info('after');
    const text = out.writes.join('');
    // The log line sits on its own line: the clear sequence before it, a newline after it, and the bar follows.
    const at = text.indexOf('a block was applied');
    expect(at).toBeGreaterThan(0);
    expect(text.lastIndexOf('\r\x1b[2K', at)).toBeGreaterThan(-1);
    const after = text.slice(at);
    expect(after).toMatch(/^a block was applied\n.*sync to 10 \[/s);
    expect(text.slice(text.indexOf('after') - 1)).not.toContain('\r\x1b[2K');
  });
});
