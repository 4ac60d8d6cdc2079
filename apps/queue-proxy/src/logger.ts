/**
 * A JSON-lines logger on stdout. The queue-proxy runs from an image without node_modules, so it cannot use
 * pino; the line format matches pino's (level numbers, time, msg) so the same tools read both.
 */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
}

const LEVELS = { debug: 20, info: 30, warn: 40, error: 50 } as const;

export function createJsonLogger(
  base: Record<string, unknown>,
  opts: { level?: keyof typeof LEVELS; write?: (line: string) => void } = {},
): Logger {
  const min = LEVELS[opts.level ?? 'info'];
  const write = opts.write ?? ((line: string) => process.stdout.write(line));
  const log = (level: keyof typeof LEVELS) => (msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < min) return;
    const entry: Record<string, unknown> = {
      level: LEVELS[level],
      time: Date.now(),
      ...base,
      ...fields,
      msg,
    };
    for (const k in entry) if (entry[k] instanceof Error) entry[k] = { message: (entry[k] as Error).message };
    write(`${JSON.stringify(entry)}\n`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
