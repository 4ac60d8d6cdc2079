// A minimal stand-in for the function runtime, bundled into images only while the real runtime
// (libs/functions/src/runtime/main.ts) does not exist: serves the module of the working directory with
// `handle(context, body)` on $PORT/$FUNC_PORT (8080), with the health endpoints.
import http from 'node:http';
import path from 'node:path';

type Handler = (context: Record<string, unknown>, body: unknown) => unknown;

function loadHandler(): Handler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the function module is CommonJS
  const loaded = require(path.resolve(process.cwd())) as Handler | { handle?: Handler };
  const handle = typeof loaded === 'function' ? loaded : loaded.handle;
  if (typeof handle !== 'function') throw new Error('the function module exports no handle()');
  return handle;
}

const handle = loadHandler();
const port = Number(process.env.PORT ?? process.env.FUNC_PORT ?? 8080);
const server = http.createServer((req, res) => {
  if (req.url === '/health/liveness' || req.url === '/health/readiness') {
    res.end('OK');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = raw;
    if ((req.headers['content-type'] ?? '').includes('json') && raw !== '') body = JSON.parse(raw);
    Promise.resolve(handle({ method: req.method, headers: req.headers, body }, body)).then(
      (result) => {
        if (!result) {
          res.statusCode = 204;
          res.end();
          return;
        }
        const r = result as { body?: unknown; statusCode?: number; headers?: Record<string, string> };
        const payload = typeof result === 'string' ? result : 'body' in r ? r.body : result;
        res.statusCode = typeof result === 'object' && r.statusCode ? r.statusCode : 200;
        for (const [k, v] of Object.entries(typeof result === 'object' ? (r.headers ?? {}) : {}))
          res.setHeader(k, v);
        res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
      },
      (err: Error & { code?: number }) => {
        res.statusCode = typeof err.code === 'number' ? err.code : 500;
        res.end(err.message);
      },
    );
  });
});
server.listen(port);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
