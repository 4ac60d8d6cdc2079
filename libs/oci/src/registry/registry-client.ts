import type { Readable } from 'node:stream';
import type { Descriptor } from '../descriptor';
import { assertSha256Digest, sha256Digest, verifyBytes } from '../digest';
import { documentMediaType, MANIFEST_ACCEPT } from '../media-types';
import { parseWwwAuthenticate } from './auth-challenge';
import { Authenticator, repositoryScope } from './authenticator';
import { resolveCredentials, type CredentialSources, type Credentials } from './credentials';
import { isLoopbackRegistry, registryApiHost } from './reference';
import { parseDistributionErrors, RegistryError, type RegistryErrorContext } from './registry-error';
import {
  discardBody,
  header,
  readBodyBytes,
  readBodyText,
  Transport,
  type HttpRequest,
  type HttpResponse,
  type RetryPolicy,
} from './transport';

/** Manifests are small; the distribution spec lets registries refuse above 4 MiB. */
const MAX_MANIFEST_BYTES = 4 << 20;
const MAX_REDIRECTS = 5;
export const DEFAULT_CHUNK_SIZE = 8 << 20;

export interface RegistryClientOptions extends CredentialSources {
  /** Allow plain HTTP to a non-loopback registry (`--insecure-registry`). Loopback registries always use HTTP. */
  insecure?: boolean;
  retry?: RetryPolicy;
  /** Upload blobs in PATCH chunks of this many bytes instead of one PUT. */
  chunkSize?: number;
  transport?: Transport;
}

export interface FetchedManifest {
  bytes: Buffer;
  mediaType: string;
  digest: string;
  descriptor: Descriptor;
}

export type BlobPushResult = 'exists' | 'mounted' | 'uploaded';

/** A client for one registry, speaking the OCI distribution spec. */
export class RegistryClient {
  readonly baseUrl: URL;
  private readonly transport: Transport;
  private readonly auth: Authenticator;

  constructor(
    readonly registry: string,
    credentials: Credentials | undefined,
    private readonly options: RegistryClientOptions = {},
  ) {
    const scheme = options.insecure || isLoopbackRegistry(registry) ? 'http' : 'https';
    this.baseUrl = new URL(`${scheme}://${registryApiHost(registry)}`);
    this.transport = options.transport ?? new Transport(options.retry);
    this.auth = new Authenticator(registry, this.transport, credentials);
  }

  /** A client with credentials resolved from the options, env, or docker config.json. */
  static async create(registry: string, options: RegistryClientOptions = {}): Promise<RegistryClient> {
    return new RegistryClient(registry, await resolveCredentials(registry, options), options);
  }

  async close(): Promise<void> {
    if (!this.options.transport) await this.transport.close();
  }

  /** `GET /v2/`: checks that the registry speaks the API and that the credentials (if asked for) work. */
  async ping(): Promise<void> {
    const ctx = { registry: this.registry, operation: 'ping' };
    const res = await this.send({ method: 'GET', url: this.url('/v2/') }, '', ctx);
    await this.expect(res, [200], ctx);
    await discardBody(res);
  }

  /** `HEAD` a blob: its size when the repository has it, undefined otherwise. */
  async blobSize(repository: string, digest: string): Promise<number | undefined> {
    const ctx = { registry: this.registry, repository, reference: digest, operation: 'check blob' };
    const res = await this.send(
      { method: 'HEAD', url: this.url(`/v2/${repository}/blobs/${digest}`) },
      repositoryScope(repository, 'pull'),
      ctx,
    );
    await discardBody(res);
    if (res.status === 404) return undefined;
    await this.expect(res, [200], ctx);
    return Number(header(res, 'content-length') ?? NaN);
  }

  /** Streams a blob (following redirects to blob storage); the caller verifies the digest while reading. */
  async openBlob(repository: string, digest: string): Promise<Readable> {
    assertSha256Digest(digest, 'blob digest');
    const ctx = { registry: this.registry, repository, reference: digest, operation: 'fetch blob' };
    let res = await this.send(
      { method: 'GET', url: this.url(`/v2/${repository}/blobs/${digest}`) },
      repositoryScope(repository, 'pull'),
      ctx,
    );
    for (let hops = 0; isRedirect(res.status); hops++) {
      if (hops >= MAX_REDIRECTS) throw new Error(`${ctx.operation} ${digest}: too many redirects`);
      const location = new URL(header(res, 'location') ?? '', res.url);
      await discardBody(res);
      // Storage behind a redirect gets no registry credentials unless it is the registry itself.
      res =
        location.origin === this.baseUrl.origin
          ? await this.send({ method: 'GET', url: location }, repositoryScope(repository, 'pull'), ctx)
          : await this.transport.send({ method: 'GET', url: location });
    }
    await this.expect(res, [200], ctx);
    return res.body;
  }

  /**
   * Makes `descriptor` present in `repository`: nothing if it is there, a cross-repository mount when
   * `mountFrom` has it, else an upload (monolithic, or chunked when `chunkSize` is set).
   */
  async pushBlob(
    repository: string,
    descriptor: Descriptor,
    open: () => Readable | Buffer,
    options: { mountFrom?: string } = {},
  ): Promise<BlobPushResult> {
    if ((await this.blobSize(repository, descriptor.digest)) !== undefined) return 'exists';
    const ctx = {
      registry: this.registry,
      repository,
      reference: descriptor.digest,
      operation: 'upload blob',
    };
    const scope = options.mountFrom
      ? `${repositoryScope(repository, 'pull,push')} ${repositoryScope(options.mountFrom, 'pull')}`
      : repositoryScope(repository, 'pull,push');
    const start = this.url(`/v2/${repository}/blobs/uploads/`);
    if (options.mountFrom) {
      start.searchParams.set('mount', descriptor.digest);
      start.searchParams.set('from', options.mountFrom);
    }
    const started = await this.send(
      { method: 'POST', url: start, headers: { 'content-length': '0' } },
      scope,
      ctx,
    );
    await discardBody(started);
    if (started.status === 201) return 'mounted';
    await this.expect(started, [202], ctx);
    let location = this.location(started, ctx);
    const chunkSize = this.options.chunkSize;
    if (chunkSize && chunkSize > 0) {
      location = await this.uploadChunks(location, open, chunkSize, scope, ctx);
      location.searchParams.set('digest', descriptor.digest);
      const done = await this.send(
        { method: 'PUT', url: location, headers: { 'content-length': '0' } },
        scope,
        ctx,
      );
      await discardBody(done);
      await this.expect(done, [201], ctx);
    } else {
      location.searchParams.set('digest', descriptor.digest);
      const done = await this.send(
        {
          method: 'PUT',
          url: location,
          headers: { 'content-type': 'application/octet-stream', 'content-length': String(descriptor.size) },
          body: open,
        },
        scope,
        ctx,
      );
      await discardBody(done);
      await this.expect(done, [201], ctx);
    }
    return 'uploaded';
  }

  private async uploadChunks(
    start: URL,
    open: () => Readable | Buffer,
    chunkSize: number,
    scope: string,
    ctx: RegistryErrorContext,
  ): Promise<URL> {
    let location = start;
    let offset = 0;
    const source = open();
    const chunks = Buffer.isBuffer(source) ? [source] : source;
    let pending: Buffer[] = [];
    let pendingSize = 0;
    const flush = async () => {
      if (pendingSize === 0) return;
      const chunk = Buffer.concat(pending, pendingSize);
      pending = [];
      pendingSize = 0;
      const res = await this.send(
        {
          method: 'PATCH',
          url: location,
          headers: {
            'content-type': 'application/octet-stream',
            'content-length': String(chunk.length),
            'content-range': `${offset}-${offset + chunk.length - 1}`,
          },
          body: () => chunk,
        },
        scope,
        ctx,
      );
      await discardBody(res);
      await this.expect(res, [202], ctx);
      offset += chunk.length;
      location = this.location(res, ctx);
    };
    for await (const piece of chunks as AsyncIterable<Buffer>) {
      let rest = piece;
      while (rest.length > 0) {
        const take = Math.min(rest.length, chunkSize - pendingSize);
        pending.push(rest.subarray(0, take));
        pendingSize += take;
        rest = rest.subarray(take);
        if (pendingSize === chunkSize) await flush();
      }
    }
    await flush();
    return location;
  }

  /** Fetches a manifest or index by tag or digest; verifies it when the reference is a digest. */
  async getManifest(repository: string, reference: string): Promise<FetchedManifest> {
    const ctx = { registry: this.registry, repository, reference, operation: 'fetch manifest' };
    const res = await this.send(
      {
        method: 'GET',
        url: this.url(`/v2/${repository}/manifests/${reference}`),
        headers: { accept: MANIFEST_ACCEPT },
      },
      repositoryScope(repository, 'pull'),
      ctx,
    );
    await this.expect(res, [200], ctx);
    const bytes = await readBodyBytes(res, MAX_MANIFEST_BYTES);
    if (reference.includes(':')) verifyBytes(bytes, reference, `manifest ${repository}@${reference}`);
    const digest = sha256Digest(bytes);
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new Error(`${ctx.operation} ${repository}:${reference} at ${this.registry}: body is not JSON`);
    }
    const contentType = header(res, 'content-type')?.split(';')[0]?.trim();
    const mediaType = documentMediaType(parsed) ?? contentType;
    if (!mediaType)
      throw new Error(`${ctx.operation} ${repository}:${reference} at ${this.registry}: no media type`);
    return { bytes, mediaType, digest, descriptor: { mediaType, digest, size: bytes.length } };
  }

  /** Pushes a manifest or index under a tag or its digest; `Content-Type` is the document's media type. */
  async putManifest(
    repository: string,
    reference: string,
    bytes: Buffer,
    mediaType: string,
  ): Promise<string> {
    const ctx = { registry: this.registry, repository, reference, operation: 'push manifest' };
    const digest = sha256Digest(bytes);
    const res = await this.send(
      {
        method: 'PUT',
        url: this.url(`/v2/${repository}/manifests/${reference}`),
        headers: { 'content-type': mediaType, 'content-length': String(bytes.length) },
        body: () => bytes,
      },
      repositoryScope(repository, 'pull,push'),
      ctx,
    );
    await this.expect(res, [201], ctx);
    await discardBody(res);
    const echoed = header(res, 'docker-content-digest');
    if (echoed && echoed !== digest) {
      throw new Error(
        `${ctx.operation}: ${this.registry} stored ${repository}:${reference} as ${echoed}, but its bytes hash to ${digest}`,
      );
    }
    return digest;
  }

  async deleteManifest(repository: string, digest: string): Promise<void> {
    const ctx = { registry: this.registry, repository, reference: digest, operation: 'delete manifest' };
    const res = await this.send(
      { method: 'DELETE', url: this.url(`/v2/${repository}/manifests/${digest}`) },
      repositoryScope(repository, 'pull,push'),
      ctx,
    );
    await discardBody(res);
    await this.expect(res, [202, 200], ctx);
  }

  private url(pathname: string): URL {
    return new URL(pathname, this.baseUrl);
  }

  private location(res: HttpResponse, ctx: RegistryErrorContext): URL {
    const location = header(res, 'location');
    if (!location)
      throw new Error(`${ctx.operation} at ${this.registry}: ${res.status} without a Location header`);
    return new URL(location, res.url);
  }

  /** Sends with the known authorization; on a 401, follows the challenge once and sends again. */
  private async send(req: HttpRequest, scope: string, ctx: RegistryErrorContext): Promise<HttpResponse> {
    const withAuth = (): HttpRequest => {
      const authorization = this.auth.headerFor(scope);
      return { ...req, headers: { ...(req.headers ?? {}), ...(authorization ? { authorization } : {}) } };
    };
    const firstRequest = withAuth();
    const first = await this.transport.send(firstRequest);
    if (first.status !== 401) return first;
    const challengeHeader = header(first, 'www-authenticate');
    const body = await readBodyText(first).catch(() => '');
    // Judge by what this request carried: a concurrent request may have learned the scheme meanwhile.
    const sentBasic = firstRequest.headers?.authorization?.startsWith('Basic ') ?? false;
    if (!challengeHeader || sentBasic) {
      throw new RegistryError(
        ctx,
        401,
        parseDistributionErrors(body),
        sentBasic ? 'The registry rejected the credentials' : undefined,
      );
    }
    this.auth.invalidate(scope);
    await this.auth.handleChallenge(parseWwwAuthenticate(challengeHeader), scope, ctx);
    const second = await this.transport.send(withAuth());
    if (second.status === 401) {
      const text = await readBodyText(second).catch(() => '');
      throw new RegistryError(
        ctx,
        401,
        parseDistributionErrors(text),
        'The registry rejected the credentials',
      );
    }
    return second;
  }

  private async expect(res: HttpResponse, statuses: number[], ctx: RegistryErrorContext): Promise<void> {
    if (statuses.includes(res.status)) return;
    const text = res.body.readableEnded ? '' : await readBodyText(res).catch(() => '');
    throw new RegistryError(ctx, res.status, parseDistributionErrors(text));
  }
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}
