/**
 * A tiny Knative-style HTTP program: listens on $PORT with no host (as most programs do) and answers
 * `<TARGET> from <K_REVISION>` plus, on GET /headers, the request headers as JSON; GET /sleep?ms=N waits first.
 */
const HELLO_JS = `const http = require('http');
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const answer = () => {
    if (url.pathname === '/headers') { res.setHeader('content-type', 'application/json'); return res.end(JSON.stringify(req.headers)); }
    res.end((process.env.TARGET || 'hello') + ' from ' + process.env.K_REVISION);
  };
  const ms = Number(url.searchParams.get('ms') || 0);
  if (url.pathname === '/sleep' && ms > 0) setTimeout(answer, ms); else answer();
});
server.listen(Number(process.env.PORT || 8080));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

/** Stores the hello image as `reference` in the image store at `root`; returns its manifest digest. */
export async function storeHelloImage(root: string, reference: string): Promise<string> {
  const { ImageStore, hostPlatform, writeImageManifest, writeLayer } = await import('@kuack/oci');
  const store = await ImageStore.open(root);
  const ingest = await store.beginIngest();
  const layer = await writeLayer(ingest.blobs, [
    { type: 'directory', path: 'app' },
    { type: 'file', path: 'app/hello.js', content: HELLO_JS },
  ]);
  const manifest = await writeImageManifest(ingest.blobs, {
    platform: hostPlatform(),
    layers: [layer],
    config: { Entrypoint: ['node', '/app/hello.js'], WorkingDir: '/app', Env: ['TARGET=hello'] },
  });
  await ingest.commit(reference, manifest);
  return manifest.digest;
}
