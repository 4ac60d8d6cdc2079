import http from 'node:http';
import { toRequestListener, type Handler } from './handler';
import { withTimeouts, type RequestTimeouts, type TimeoutKind } from './timeout-handler';
import { deferred, request, startServer, type TestServer } from './testing/servers';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(inner: Handler, t: RequestTimeouts, fired: TimeoutKind[] = []): Promise<TestServer> {
  const s = await startServer(
    toRequestListener(
      withTimeouts(inner, () => t, { message: 'request timeout', onTimeout: (k) => fired.push(k) }),
    ),
  );
  servers.push(s);
  return s;
}

/** Reads a response until it ends or the connection is cut. */
function fetchOutcome(url: string): Promise<{ status: number; body: string; cut: boolean }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cut: false }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, body, cut: true }));
        res.on('aborted', () => resolve({ status: res.statusCode ?? 0, body, cut: true }));
      })
      .on('error', reject);
  });
}

describe('withTimeouts', () => {
  it('answers 504 with the message when the total timeout passes before anything was written, and aborts the inner handler', async () => {
    const innerAborted = deferred<unknown>();
    const fired: TimeoutKind[] = [];
    const s = await serve(
      (_req, res, signal) => {
        signal.addEventListener('abort', () => {
          innerAborted.resolve(signal.reason);
          res.end('too late'); // swallowed
        });
      },
      { totalMs: 100 },
      fired,
    );
    const res = await request(s.url);
    expect(res).toMatchObject({ status: 504, body: 'request timeout\n' });
    expect(await innerAborted.promise).toMatchObject({ kind: 'total' });
    expect(fired).toEqual(['total']);
  });

  it('lets a response that completes in time through untouched', async () => {
    const s = await serve((_req, res) => void res.end('fine'), {
      totalMs: 1000,
      responseStartMs: 500,
      idleMs: 500,
    });
    expect(await request(s.url)).toMatchObject({ status: 200, body: 'fine' });
  });

  it('cuts a streaming response that is still running at the total timeout', async () => {
    const s = await serve(
      (_req, res) => {
        res.writeHead(200);
        res.write('first');
        const keepWriting = setInterval(() => res.write('.'), 20);
        res.on('close', () => clearInterval(keepWriting));
      },
      { totalMs: 150, idleMs: 1000 },
    );
    const out = await fetchOutcome(s.url);
    expect(out.status).toBe(200);
    expect(out.cut).toBe(true);
    expect(out.body.startsWith('first')).toBe(true);
  });

  it('answers 504 when no response started within responseStartMs', async () => {
    const fired: TimeoutKind[] = [];
    const s = await serve(() => undefined, { totalMs: 5000, responseStartMs: 100 }, fired);
    expect(await request(s.url)).toMatchObject({ status: 504, body: 'request timeout\n' });
    expect(fired).toEqual(['response-start']);
  });

  it('does not apply responseStartMs once the response started', async () => {
    const s = await serve(
      (_req, res) => {
        res.writeHead(200);
        res.write('a');
        setTimeout(() => res.end('b'), 200);
      },
      { totalMs: 5000, responseStartMs: 50 },
    );
    expect(await fetchOutcome(s.url)).toEqual({ status: 200, body: 'ab', cut: false });
  });

  it('answers 504 on idle before anything was written, and cuts after a write followed by silence', async () => {
    const fired: TimeoutKind[] = [];
    const silent = await serve(() => undefined, { totalMs: 5000, idleMs: 100 }, fired);
    expect(await request(silent.url)).toMatchObject({ status: 504 });
    const stalls = await serve(
      (_req, res) => {
        res.writeHead(200);
        res.write('some');
      },
      { totalMs: 5000, idleMs: 100 },
      fired,
    );
    expect(await fetchOutcome(stalls.url)).toEqual({ status: 200, body: 'some', cut: true });
    expect(fired).toEqual(['idle', 'idle']);
  });

  it('keeps a response alive that writes more often than idleMs even past several idle periods', async () => {
    const s = await serve(
      (_req, res) => {
        res.writeHead(200);
        let n = 0;
        const tick = setInterval(() => {
          if (++n === 8) {
            clearInterval(tick);
            res.end('end');
          } else res.write('.');
        }, 30);
      },
      { totalMs: 5000, idleMs: 100 },
    );
    expect(await fetchOutcome(s.url)).toEqual({ status: 200, body: '.......end', cut: false });
  });
});
