import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

const LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface LoggerOptions {
  /** The component name, written as `name` on every line. */
  name: string;
  /** Overrides LOG_LEVEL. */
  level?: string;
  /** Where lines go; stdout by default. */
  destination?: DestinationStream;
  /** Append lines to this file (its folder is created) instead of stdout. */
  file?: string;
  /** Fields written on every line. */
  base?: Record<string, unknown>;
}

/** Resolves the log level from an explicit value or LOG_LEVEL, refusing unknown names loudly. */
export function resolveLogLevel(value: string | undefined): LevelWithSilent {
  const level = (value ?? 'info').trim().toLowerCase();
  if (!LEVELS.includes(level as LevelWithSilent)) {
    throw new Error(`LOG_LEVEL: unknown level "${value}", want one of ${LEVELS.join(', ')}`);
  }
  return level as LevelWithSilent;
}

/** The root logger of a process: JSON lines, ISO timestamps, level names instead of numbers. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: options.name,
      level: resolveLogLevel(options.level ?? process.env['LOG_LEVEL']),
      base: { pid: process.pid, ...options.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // A file opens synchronously so no early line is lost; stdout stays asynchronous.
    options.destination ??
      pino.destination({ dest: options.file ?? 1, sync: options.file !== undefined, mkdir: true }),
  );
}
