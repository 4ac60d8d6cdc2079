import type { Logger } from './types';

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const;
export type LogLevel = keyof typeof LEVELS;

export function parseLogLevel(value: string | undefined, fallback: LogLevel = 'warn'): LogLevel {
  if (!value) return fallback;
  const level = value.toLowerCase();
  if (level in LEVELS) return level as LogLevel;
  throw new Error(`FUNC_LOG_LEVEL: unknown level "${value}" (one of ${Object.keys(LEVELS).join(', ')})`);
}

/**
 * A small pino-compatible JSON line logger. The runtime avoids pino itself so the bundle stays one file with
 * no worker threads and the cold start stays short. `log.info(obj, msg)` and `log.info(msg, ...values)` both work.
 */
export function createRuntimeLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const threshold = LEVELS[level];
  const emit = (name: Exclude<LogLevel, 'silent'>, args: unknown[]) => {
    const value = LEVELS[name];
    if (value < threshold) return;
    const record: Record<string, unknown> = { level: value, time: Date.now(), pid: process.pid };
    let rest = args;
    const [first] = args;
    if (first instanceof Error) {
      record.err = { type: first.name, message: first.message, stack: first.stack };
      rest = args.slice(1);
      if (rest.length === 0) record.msg = first.message;
    } else if (first !== null && typeof first === 'object') {
      Object.assign(record, first);
      rest = args.slice(1);
    }
    if (rest.length > 0) record.msg = rest.map((v) => (typeof v === 'string' ? v : safeJson(v))).join(' ');
    write(safeJson(record) + '\n');
  };
  return {
    trace: (...a) => emit('trace', a),
    debug: (...a) => emit('debug', a),
    info: (...a) => emit('info', a),
    warn: (...a) => emit('warn', a),
    error: (...a) => emit('error', a),
    fatal: (...a) => emit('fatal', a),
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
