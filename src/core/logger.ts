// Structured logs: one JSON object per line on stderr, with a level, a time,
// the emitting component and fields. Null object for tests: NoopLogger.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export function parseLevel(s: string | undefined): LogLevel {
  return s === 'debug' || s === 'warn' || s === 'error' ? s : 'info';
}

export class JsonLogger implements Logger {
  constructor(
    private readonly base: Record<string, unknown> = {},
    private readonly level: LogLevel = parseLevel(process.env.TRIBUNAL_LOG_LEVEL),
    private readonly write: (line: string) => void = (l) => process.stderr.write(l + '\n'),
  ) {}

  private emit(level: LogLevel, msg: string, fields?: Record<string, unknown>): void {
    if (RANK[level] < RANK[this.level]) return;
    this.write(JSON.stringify({ t: new Date().toISOString(), level, ...this.base, msg, ...fields }, replacer));
  }

  debug(msg: string, fields?: Record<string, unknown>) { this.emit('debug', msg, fields); }
  info(msg: string, fields?: Record<string, unknown>) { this.emit('info', msg, fields); }
  warn(msg: string, fields?: Record<string, unknown>) { this.emit('warn', msg, fields); }
  error(msg: string, fields?: Record<string, unknown>) { this.emit('error', msg, fields); }
  child(fields: Record<string, unknown>): Logger {
    return new JsonLogger({ ...this.base, ...fields }, this.level, this.write);
  }
}

function replacer(_k: string, v: unknown): unknown {
  if (v instanceof Error) return v.message;
  if (typeof v === 'bigint') return Number(v);
  return v;
}

export const NoopLogger: Logger = {
  debug() {}, info() {}, warn() {}, error() {},
  child() { return NoopLogger; },
};
