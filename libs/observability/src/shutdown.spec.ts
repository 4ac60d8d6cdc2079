import pino from 'pino';
import { GracefulShutdown } from './shutdown';

const logger = pino({ level: 'silent' });

describe('GracefulShutdown', () => {
  it('runs hooks by order, then registration order, once', async () => {
    const calls: string[] = [];
    const shutdown = new GracefulShutdown({ logger })
      .add('close-db', () => void calls.push('close-db'), 10)
      .add('stop-http', () => void calls.push('stop-http'), 0)
      .add('drain', async () => void calls.push('drain'), 0);
    await Promise.all([shutdown.run('test'), shutdown.run('again')]);
    expect(calls).toEqual(['stop-http', 'drain', 'close-db']);
    expect(shutdown.shuttingDown).toBe(true);
  });

  it('runs the remaining hooks after one fails, then rejects', async () => {
    const calls: string[] = [];
    const shutdown = new GracefulShutdown({ logger })
      .add('boom', () => {
        throw new Error('boom');
      })
      .add('after', () => void calls.push('after'), 1);
    await expect(shutdown.run('test')).rejects.toThrow('one or more shutdown hooks failed');
    expect(calls).toEqual(['after']);
  });

  it('gives up at the deadline when a hook hangs', async () => {
    const shutdown = new GracefulShutdown({ logger, deadlineMs: 50 }).add(
      'hang',
      () => new Promise(() => {}),
    );
    await expect(shutdown.run('test')).rejects.toThrow('shutdown deadline of 50 ms passed');
  });

  it('exits 0 after a clean signal-driven shutdown and at once on a second signal', async () => {
    const codes: number[] = [];
    let release!: () => void;
    const shutdown = new GracefulShutdown({ logger, signals: ['SIGUSR2'], exit: (c) => codes.push(c) })
      .add('slow', () => new Promise<void>((r) => (release = r)))
      .listen();
    try {
      process.emit('SIGUSR2', 'SIGUSR2');
      process.emit('SIGUSR2', 'SIGUSR2');
      expect(codes).toEqual([130]);
      release();
      await shutdown.run('wait');
      await new Promise((r) => setImmediate(r));
      expect(codes).toEqual([130, 0]);
    } finally {
      shutdown.unlisten();
    }
  });
});
