import type { FunctionInstance, InstanceConfig } from '@kuack/functions';

/**
 * An instance-based function: the runtime creates one instance (through `New`) and calls its lifecycle.
 * `start` runs once the server listens, with the environment plus the key=value lines of ./cfg; `ready`
 * and `alive` answer the health probes; `stop` runs after the last request on shutdown.
 *
 * `handle` is fetch-style here (a Request in, a Response out); a two-parameter `handle(req, res)` is served
 * as a plain Node.js handler instead, so express or any other framework plugs in unchanged.
 */
export class Greeter implements FunctionInstance {
  private greeting = 'Hello';
  private started = false;
  private invocations = 0;

  async start(cfg: InstanceConfig): Promise<void> {
    this.greeting = cfg.GREETING ?? 'Hello';
    this.started = true;
  }

  ready(): boolean {
    return this.started;
  }

  alive(): boolean {
    return true;
  }

  async stop(): Promise<void> {
    this.started = false;
  }

  async handle(request: Request): Promise<Response> {
    this.invocations++;
    const url = new URL(request.url);
    const sent = request.method === 'POST' ? await request.text() : '';
    const name = url.searchParams.get('name') ?? 'World';
    return Response.json({
      message: `${this.greeting}, ${name}!`,
      invocation: this.invocations,
      received: sent || undefined,
    });
  }
}

/** The factory the runtime calls: one instance per process. */
export const New = (): FunctionInstance => new Greeter();
