import type { DestinationStream } from 'pino';
import { prettyFactory } from 'pino-pretty';

/** What the sink writes to: stderr, or a test's stream. */
export interface TextStream {
  write(text: string): unknown;
}

/** A progress bar that shares the terminal with log lines: redrawn below each line written above it. */
export interface RedrawableBar {
  render(): void;
}

/**
 * Where the CLI's log lines go. On a terminal each pino line is rendered for humans (pino-pretty) and written
 * above the progress bar, which is redrawn under it, so logs never break the bar; elsewhere (files, pipes, CI)
 * the JSON lines pass unchanged.
 */
export class LogSink implements DestinationStream {
  private bar: RedrawableBar | undefined;
  private readonly format: ((line: string) => string) | undefined;

  constructor(private readonly out: TextStream, opts: { pretty: boolean; colorize?: boolean }) {
    this.format = opts.pretty
      ? prettyFactory({ colorize: opts.colorize ?? false, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,name', singleLine: true })
      : undefined;
  }

  /** True when lines are rendered for humans. */
  get pretty(): boolean {
    return this.format !== undefined;
  }

  write(line: string): void {
    const text = this.format ? this.format(line) : line;
    if (!this.bar) {
      this.out.write(text);
      return;
    }
    // Clear the bar's line, write the log line there, and draw the bar again on the next line.
    this.out.write(`\r\x1b[2K${text}`);
    this.bar.render();
  }

  /** Log lines go above `bar` until {@link detach}. */
  attach(bar: RedrawableBar): void {
    this.bar = bar;
  }

  detach(): void {
    this.bar = undefined;
  }
}

let stderrSink: LogSink | undefined;

/** The process's sink on stderr: pretty on a terminal, JSON lines otherwise. */
export function stderrLogSink(): LogSink {
  stderrSink ??= new LogSink(process.stderr, { pretty: Boolean(process.stderr.isTTY), colorize: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR });
  return stderrSink;
}
