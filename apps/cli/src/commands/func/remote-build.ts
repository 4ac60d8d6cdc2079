import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { CliError } from '../../context';

type Fns = typeof import('@kuack/functions');

export interface RemoteBuildOptions {
  builderUrl: string;
  token: string;
  image?: string;
  platform?: string;
  baseImage?: string;
  log: (line: string) => void;
}

/** The function folder as the build service takes it: a tar.gz of the files a local build would use. */
export async function sourceArchive(fns: Fns, root: string): Promise<Buffer> {
  const files = await fns.listFunctionFiles(root);
  const p = pack();
  const done = (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of p) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  })();
  const { readFileSync } = await import('node:fs');
  for (const f of files) {
    if (f.type === 'directory') p.entry({ name: `${f.relativePath}/`, type: 'directory', mode: 0o755 });
    else if (f.type === 'symlink')
      p.entry({ name: f.relativePath, type: 'symlink', linkname: f.linkTarget! });
    else p.entry({ name: f.relativePath, mode: f.mode }, readFileSync(f.hostPath));
  }
  p.finalize();
  return gzipSync(await done);
}

/**
 * `kuack func deploy --remote`: sends the function folder to the func-builder service, prints its build log
 * as it streams, and returns the pinned image it pushed.
 */
export async function buildRemotely(fns: Fns, root: string, options: RemoteBuildOptions): Promise<string> {
  const url = new URL('/v1/builds', options.builderUrl);
  if (options.image) url.searchParams.set('image', options.image);
  if (options.platform) url.searchParams.set('platform', options.platform);
  if (options.baseImage) url.searchParams.set('baseImage', options.baseImage);
  const body = await sourceArchive(fns, root);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/gzip' },
      body,
    });
  } catch (err) {
    const cause = (err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new CliError(`cannot reach the build service at ${url.origin} (${cause}): check --builder-url`);
  }
  if (res.status !== 200) {
    const text = await res.text();
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {
      // not JSON: the text as it is
    }
    throw new CliError(`the build service at ${url.origin} answered ${res.status}: ${message}`);
  }
  let pinned: string | undefined;
  let failure: string | undefined;
  let buffered = '';
  const handle = (line: string) => {
    if (line.trim() === '') return;
    const event = JSON.parse(line) as { log?: string; result?: { pinned: string }; error?: string };
    if (event.log !== undefined) options.log(event.log);
    if (event.result) pinned = event.result.pinned;
    if (event.error) failure = event.error;
  };
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      handle(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
    }
  }
  handle(buffered);
  if (failure) throw new CliError(`remote build failed: ${failure}`);
  if (!pinned) throw new CliError(`the build service at ${url.origin} ended without a result`);
  return pinned;
}
