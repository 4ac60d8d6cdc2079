import { serve, type RunningFunction, type ServeOptions, type Servable } from '../serve';
import { createRuntimeLogger } from '../logger';

const running: RunningFunction[] = [];

/** Serves a function on a free loopback port with a silent logger; `closeAll()` in afterEach stops them. */
export async function serveForTest(target: Servable, options: ServeOptions = {}): Promise<RunningFunction> {
  const fn = await serve(target, {
    port: 0,
    host: '127.0.0.1',
    log: createRuntimeLogger('silent'),
    env: {},
    ...options,
  });
  running.push(fn);
  return fn;
}

export async function closeAll(): Promise<void> {
  await Promise.allSettled(running.splice(0).map((fn) => fn.close()));
}
