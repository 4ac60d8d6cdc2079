import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import express, { type Request, type Response } from 'express';
import * as functions from '@kuack/functions';
import type { Logger } from '@kuack/observability';
import { parsePlatform } from '@kuack/oci';
import { checkBearer } from './bearer-auth';
import { BuildSlots } from './build-slots';
import type { BuilderSettings } from './settings';
import { checkoutGit, parseGitSource, type GitSource } from './git-source';
import { extractSource, RequestError } from './source-archive';

type Functions = typeof functions;

/** One line of the streamed answer (application/x-ndjson). */
export type BuildEvent =
  | { log: string }
  | { result: { image: string; digest: string; pinned: string; platforms: string[] } }
  | { error: string };

export interface BuilderAppOptions {
  settings: BuilderSettings;
  logger: Logger;
  /** The builder (injected so tests can count or slow builds); default @kuack/functions. */
  functions?: Pick<
    Functions,
    'buildFunction' | 'pushFunctionImage' | 'readFunctionForBuild' | 'defaultImageName'
  >;
}

/**
 * The build service: `POST /v1/builds` with a tar(.gz) of a function folder, or JSON
 * `{"git": {"url", "revision", "contextDir"}}` (query: `image`, `platform`,
 * `baseImage`) → build with the host builder → push with the service's registry credentials → the digest.
 * Logs stream as NDJSON lines while the build runs; the last line is `{"result":…}` or `{"error":…}`.
 */
export function createBuilderApp(options: BuilderAppOptions): { app: express.Express; slots: BuildSlots } {
  const { settings, logger } = options;
  const slots = new BuildSlots(settings.concurrency, settings.maxQueued);
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok');
  });

  app.post('/v1/builds', async (req: Request, res: Response) => {
    const auth = checkBearer(req.headers.authorization, settings.token);
    if (!auth.ok) {
      if (auth.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="kuack-func-builder"');
      res.status(auth.status).json({ error: auth.message });
      req.resume();
      return;
    }
    const acquired = slots.acquire();
    if (!acquired) {
      res
        .status(429)
        .setHeader('Retry-After', '10')
        .json({ error: `${slots.active} builds running and ${slots.queued} waiting: retry later` });
      req.resume();
      return;
    }
    const release = await acquired;
    const dir = path.join(settings.workDir ?? os.tmpdir(), `kuack-build-${randomBytes(6).toString('hex')}`);
    try {
      await fs.mkdir(dir, { recursive: true });
      let gitSource: GitSource | undefined;
      try {
        if (req.is('application/json'))
          gitSource = parseGitSource(await readJson(req), settings.allowFileGit ?? false);
        else await extractSource(req, dir, settings.maxSourceBytes);
      } catch (err) {
        const status = err instanceof RequestError ? err.status : 400;
        res
          .status(status)
          .setHeader('Connection', 'close')
          .json({ error: (err as Error).message });
        req.destroy();
        return;
      }
      res.status(200).type('application/x-ndjson');
      res.flushHeaders();
      const send = (event: BuildEvent) => res.write(`${JSON.stringify(event)}\n`);
      try {
        const log = (line: string) => send({ log: line });
        const root = gitSource ? await checkoutGit(gitSource, dir, log) : dir;
        const result = await build(options.functions ?? functions, settings, root, req.query, log);
        logger.info({ image: result.image, digest: result.digest }, 'built and pushed');
        send({ result });
      } catch (err) {
        logger.warn({ err: (err as Error).message }, 'build failed');
        send({ error: (err as Error).message.split('\n')[0]! });
      }
      res.end();
    } finally {
      release();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
  return { app, slots };
}

async function build(
  fns: NonNullable<BuilderAppOptions['functions']>,
  settings: BuilderSettings,
  root: string,
  query: Request['query'],
  log: (line: string) => void,
): Promise<{ image: string; digest: string; pinned: string; platforms: string[] }> {
  const param = (name: string): string | undefined =>
    typeof query[name] === 'string' && query[name] !== '' ? (query[name] as string) : undefined;
  const config = await fns.readFunctionForBuild(root);
  const image =
    param('image') ?? (settings.registry ? fns.defaultImageName(config, settings.registry) : config.image);
  if (!image)
    throw new Error(
      'no image name: pass ?image=registry/repo:tag, set image in func.yaml, or configure FUNC_BUILDER_REGISTRY',
    );
  const platforms = param('platform')
    ?.split(',')
    .map((p) => parsePlatform(p.trim()));
  const registryOptions = {
    ...(settings.registryUsername !== undefined && settings.registryPassword !== undefined
      ? { credentials: { username: settings.registryUsername, password: settings.registryPassword } }
      : {}),
    ...(settings.insecureRegistry ? { insecure: true } : {}),
  };
  const baseImage = param('baseImage') ?? config.build?.baseImage ?? settings.baseImage;
  const built = await fns.buildFunction({
    root,
    image,
    ...(platforms ? { platforms } : {}),
    baseImage: baseImage ?? functions.DEFAULT_BASE_IMAGE,
    registryOptions,
    ...(settings.cacheDir ? { cacheDir: settings.cacheDir } : {}),
    log,
  });
  log(`pushing ${image}`);
  const pushed = await fns.pushFunctionImage(built.layoutDir, image, registryOptions);
  return {
    image,
    digest: pushed.digest,
    pinned: pushed.pinned,
    platforms: built.manifests.map((m) => m.platform),
  };
}

/** A small JSON body (a git source), at most 64 KiB. */
async function readJson(req: Request): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 << 10) throw new RequestError(413, 'a JSON build request is at most 64 KiB');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    throw new RequestError(400, `invalid JSON body: ${(err as Error).message}`);
  }
}

/** Listens on the configured address; resolves once it accepts connections. */
export function listen(app: express.Express, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (err?: Error) => (err ? reject(err) : resolve(server)));
  });
}
