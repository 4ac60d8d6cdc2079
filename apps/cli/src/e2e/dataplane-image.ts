/**
 * The data-plane test program: listens on $PORT and answers
 * - `/` → `<TARGET> from <K_REVISION>`; `/headers` → the request headers as JSON;
 * - `/sleep?ms=N` → the same answer after N ms (no byte before);
 * - `/stream?ms=N` → a first chunk at once, the rest after N ms;
 * - `/drip?n=N&ms=M` → N chunks, one every M ms;
 * - `/overlap?ms=N` → holds the request N ms and answers the highest number of requests this process has
 *   ever had in flight at once (a containerConcurrency=1 revision must always answer 1).
 */
const DATAPLANE_JS = `const http = require('http');
let active = 0, maxActive = 0;
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const ms = Number(url.searchParams.get('ms') || 0);
  const answer = () => res.end((process.env.TARGET || 'hello') + ' from ' + process.env.K_REVISION);
  switch (url.pathname) {
    case '/headers': res.setHeader('content-type', 'application/json'); return res.end(JSON.stringify(req.headers));
    case '/sleep': return void setTimeout(answer, ms);
    case '/stream': res.write('first;'); return void setTimeout(() => res.end('last'), ms);
    case '/drip': {
      let n = Number(url.searchParams.get('n') || 1);
      const tick = () => { if (n-- <= 0) return res.end('done'); res.write('.'); setTimeout(tick, ms); };
      return tick();
    }
    case '/overlap':
      active++; maxActive = Math.max(maxActive, active);
      return void setTimeout(() => { active--; res.end(String(maxActive)); }, ms);
    default: return answer();
  }
});
server.listen(Number(process.env.PORT || 8080));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

/** Stores the data-plane program as `reference` in the image store at `root`; returns its manifest digest. */
export async function storeDataplaneImage(root: string, reference: string): Promise<string> {
  const { ImageStore, hostPlatform, writeImageManifest, writeLayer } = await import('@kuack/oci');
  const store = await ImageStore.open(root);
  const ingest = await store.beginIngest();
  const layer = await writeLayer(ingest.blobs, [
    { type: 'directory', path: 'app' },
    { type: 'file', path: 'app/dataplane.js', content: DATAPLANE_JS },
  ]);
  const manifest = await writeImageManifest(ingest.blobs, {
    platform: hostPlatform(),
    layers: [layer],
    config: { Entrypoint: ['node', '/app/dataplane.js'], WorkingDir: '/app', Env: ['TARGET=hello'] },
  });
  await ingest.commit(reference, manifest);
  return manifest.digest;
}
