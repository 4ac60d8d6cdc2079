import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ComponentEvent, ComponentSpec } from './component';
import { Supervisor } from './supervisor';

const fastBackoff = { initialMs: 20, maxMs: 80, resetAfterMs: 60_000 };

function node(name: string, script: string, extra: Partial<ComponentSpec> = {}): ComponentSpec {
  return { name, command: process.execPath, args: ['-e', script], ...extra };
}

async function until(check: () => boolean, what: string, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('Supervisor', () => {
  let dir: string;
  let supervisor: Supervisor | undefined;
  let events: ComponentEvent[];
  const fileReady = (file: string) => async (signal: AbortSignal) => {
    while (!signal.aborted && !fs.existsSync(file)) await new Promise((r) => setTimeout(r, 10));
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-sup-'));
    events = [];
  });
  afterEach(async () => {
    await supervisor?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts components in order, each ready before the next, and logs their output to files', async () => {
    const first = path.join(dir, 'first');
    supervisor = new Supervisor({ logDir: dir, onEvent: (e) => events.push(e) });
    await supervisor.start([
      node(
        'cluster',
        `console.log('cluster up'); require('fs').writeFileSync(${JSON.stringify(first)}, ''); setInterval(() => {}, 1000)`,
        {
          ready: fileReady(first),
        },
      ),
      // The second refuses to run unless the first is ready.
      node(
        'agent',
        `if (!require('fs').existsSync(${JSON.stringify(first)})) process.exit(9); setInterval(() => {}, 1000)`,
      ),
    ]);
    expect(events.filter((e) => e.state === 'ready').map((e) => e.component)).toEqual(['cluster', 'agent']);
    expect(supervisor.pids()).toHaveLength(2);
    await until(
      () => fs.readFileSync(path.join(dir, 'cluster.log'), 'utf8').includes('cluster up'),
      'log line',
    );
  });

  it('restarts a crashing component with growing delays', async () => {
    supervisor = new Supervisor({ logDir: dir, backoff: fastBackoff, onEvent: (e) => events.push(e) });
    await supervisor.start([node('crasher', 'setTimeout(() => process.exit(3), 10)')]);
    await until(() => events.filter((e) => e.state === 'restarting').length >= 4, 'four restarts');
    const restarts = events.filter((e) => e.state === 'restarting');
    expect(restarts[0]).toMatchObject({ component: 'crasher', exitCode: 3, restarts: 1, delayMs: 20 });
    expect(restarts.slice(0, 4).map((e) => e.delayMs)).toEqual([20, 40, 80, 80]);
  });

  it('rejects start when a component exits before it is ready, naming it and its log', async () => {
    supervisor = new Supervisor({ logDir: dir, onEvent: (e) => events.push(e) });
    await expect(
      supervisor.start([node('broken', 'process.exit(2)', { ready: () => new Promise(() => {}) })]),
    ).rejects.toThrow(
      `broken did not become ready: exited with code 2 before it was ready (log: ${path.join(dir, 'broken.log')})`,
    );
    expect(events.at(-1)).toMatchObject({ component: 'broken', state: 'failed' });
  });

  it('stops everything, SIGKILLing what ignores SIGTERM, grandchildren included', async () => {
    const pidFile = path.join(dir, 'grandchild.pid');
    supervisor = new Supervisor({ logDir: dir, stopBudgetMs: 2_000, onEvent: (e) => events.push(e) });
    const stubborn = `
      process.on('SIGTERM', () => {});
      const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid));
      setInterval(() => {}, 1000);`;
    await supervisor.start([
      node('stubborn', stubborn, { ready: fileReady(pidFile) }),
      node('polite', 'setInterval(() => {}, 1000)'),
    ]);
    await until(() => fs.readFileSync(pidFile, 'utf8').length > 0, 'grandchild pid');
    const pids = [...supervisor.pids(), Number(fs.readFileSync(pidFile, 'utf8'))];
    await supervisor.stop();
    await until(() => pids.every((pid) => !alive(pid)), 'all processes gone', 2_000);
    expect(events.filter((e) => e.state === 'stopped').map((e) => e.component)).toEqual([
      'polite',
      'stubborn',
    ]);
    expect(events.find((e) => e.component === 'stubborn' && e.state === 'stopped')?.signal).toBe('SIGKILL');
  });

  it('keeps a stop reserve for a later component, so a slow earlier one cannot use it up', async () => {
    supervisor = new Supervisor({ logDir: dir, stopBudgetMs: 4_000, onEvent: (e) => events.push(e) });
    const armed = (name: string, onTerm: string) => {
      const file = path.join(dir, `${name}.armed`);
      const script = `process.on('SIGTERM', () => { ${onTerm} });
        require('fs').writeFileSync(${JSON.stringify(file)}, 'yes'); setInterval(() => {}, 1000);`;
      return { script, ready: fileReady(file) };
    };
    // Needs about a second to stop cleanly (a node agent stopping its Pods).
    const careful = armed('careful', 'setTimeout(() => process.exit(0), 1_000)');
    const slow = armed('slow', '');
    await supervisor.start([
      node('careful', careful.script, { ready: careful.ready, stopReserveMs: 2_000 }),
      node('slow', slow.script, { ready: slow.ready }),
    ]);
    await supervisor.stop();
    const stopped = (name: string) => events.find((e) => e.component === name && e.state === 'stopped');
    expect(stopped('slow')?.signal).toBe('SIGKILL');
    expect(stopped('careful')).toMatchObject({ exitCode: 0, signal: null });
  });
});
