import { type ImageStore, hostPlatform, writeImageManifest, writeLayer } from '@kuack/oci';

/**
 * A tiny Node.js HTTP server: GET / answers JSON (pod name, address, a message from the image env), GET /healthz
 * answers 200 until GET /unready turns it to 500. It listens with no host (`listen(PORT)`), as most programs do.
 * GET /read?path=P answers the file's text (or `error <code>`), GET /write?path=P&text=T writes it (`ok` or `error <code>`).
 * GET /prestop and SIGTERM append a line to the file TERM_MARKER names (when set); SIGTERM then exits 0.
 */
export const SERVER_JS = `const http = require('http');
let ready = true;
const mark = (what) => { if (process.env.TERM_MARKER) require('fs').appendFileSync(process.env.TERM_MARKER, what + '\\n'); };
const server = http.createServer((req, res) => {
  if (req.url === '/unready') { ready = false; return res.end('ok'); }
  if (req.url === '/prestop') { mark('preStop'); return res.end('ok'); }
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/read') {
    try { return res.end(require('fs').readFileSync(url.searchParams.get('path'), 'utf8')); } catch (e) { return res.end('error ' + e.code); }
  }
  if (url.pathname === '/write') {
    try { require('fs').writeFileSync(url.searchParams.get('path'), url.searchParams.get('text') || ''); return res.end('ok'); } catch (e) { return res.end('error ' + e.code); }
  }
  if (req.url === '/healthz') { res.statusCode = ready ? 200 : 500; return res.end(ready ? 'ok' : 'not ready'); }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ pod: process.env.POD_NAME, ip: process.env.KUACK_POD_IP, message: process.env.MESSAGE, header: req.headers['x-probe'] || null }));
});
server.listen(Number(process.env.PORT || 8080), () => console.log('listening on ' + JSON.stringify(server.address())));
process.on('SIGTERM', () => {
  console.log('SIGTERM');
  mark('SIGTERM');
  server.close(() => process.exit(0));
});
`;

/** Writes "crashing" and exits 3. */
export const CRASH_JS = `console.log('crashing'); process.exit(3);\n`;

/** An init step: writes "initialized <POD_NAME>" to INIT_FILE and exits 0, or exits 1 when INIT_FAIL is set. */
export const INIT_JS = `if (process.env.INIT_FAIL) { console.log('init failing'); process.exit(1); }
require('fs').writeFileSync(process.env.INIT_FILE, 'initialized ' + process.env.POD_NAME);
console.log('init done');
`;

/** Builds the sample images into `store`: `<prefix>/web:1` (Node.js) and `<prefix>/shell:1` (a /bin/sh entrypoint). */
export async function writeSampleNodeImages(
  store: ImageStore,
  prefix: string,
): Promise<{ web: string; shell: string }> {
  const ingest = await store.beginIngest();
  const layer = await writeLayer(ingest.blobs, [
    { type: 'directory', path: 'app' },
    { type: 'file', path: 'app/server.js', content: SERVER_JS },
    { type: 'file', path: 'app/crash.js', content: CRASH_JS },
    { type: 'file', path: 'app/init.js', content: INIT_JS },
  ]);
  const web = await writeImageManifest(ingest.blobs, {
    platform: hostPlatform(),
    layers: [layer],
    config: {
      Entrypoint: ['node'],
      Cmd: ['/app/server.js'],
      WorkingDir: '/app',
      Env: ['MESSAGE=from-image', 'PORT=8080'],
    },
  });
  const names = { web: `${prefix}/web:1`, shell: `${prefix}/shell:1` };
  await ingest.commit(names.web, web);
  const ingest2 = await store.beginIngest();
  const layer2 = await writeLayer(ingest2.blobs, [
    { type: 'file', path: 'bin/run.sh', content: 'echo hi\n', mode: 0o755 },
  ]);
  const shell = await writeImageManifest(ingest2.blobs, {
    platform: hostPlatform(),
    layers: [layer2],
    config: { Entrypoint: ['/bin/sh', '/bin/run.sh'] },
  });
  await ingest2.commit(names.shell, shell);
  return names;
}
