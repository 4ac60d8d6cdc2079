import { Writable } from 'node:stream';
import { createLogger, resolveLogLevel } from './logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes JSON lines with the component name, a level label and an ISO time', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ name: 'activator', level: 'info', destination });
    logger.child({ key: 'default/hello' }).info({ replicas: 2 }, 'scaled');
    logger.debug('hidden at info');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      name: 'activator',
      level: 'info',
      key: 'default/hello',
      replicas: 2,
      msg: 'scaled',
    });
    expect(String(lines[0]['time'])).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('takes the level from LOG_LEVEL when none is given', () => {
    const saved = process.env['LOG_LEVEL'];
    process.env['LOG_LEVEL'] = 'debug';
    try {
      const { lines, destination } = capture();
      createLogger({ name: 'x', destination }).debug('visible');
      expect(lines.map((l) => l['msg'])).toEqual(['visible']);
    } finally {
      if (saved === undefined) delete process.env['LOG_LEVEL'];
      else process.env['LOG_LEVEL'] = saved;
    }
  });
});

describe('resolveLogLevel', () => {
  it.each([
    [undefined, 'info'],
    ['WARN', 'warn'],
    [' trace ', 'trace'],
    ['silent', 'silent'],
  ])('%p → %p', (input, want) => expect(resolveLogLevel(input)).toBe(want));

  it('names LOG_LEVEL and the bad value', () => {
    expect(() => resolveLogLevel('loud')).toThrow('LOG_LEVEL: unknown level "loud"');
  });
});

describe('createLogger to a file', () => {
  it('creates the folder and appends JSON lines to the file', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-log-'));
    const file = path.join(dir, 'logs', 'up.log');
    const logger = createLogger({ name: 'kuack-up', level: 'info', file });
    logger.info('to the file');
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    const line = JSON.parse(fs.readFileSync(file, 'utf8').trim());
    expect(line).toMatchObject({ name: 'kuack-up', msg: 'to the file', level: 'info' });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
