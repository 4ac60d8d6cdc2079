import { type AuthChallenge } from './auth-challenge';
import type { Credentials } from './credentials';
import { RegistryError } from './registry-error';
import { readBodyText, type Transport } from './transport';

interface CachedToken {
  token: string;
  expiresAt: number;
}

/** Seconds a token is assumed valid when the token endpoint says nothing (distribution token spec: 60). */
const DEFAULT_TOKEN_SECONDS = 60;
const EXPIRY_MARGIN_MS = 5_000;

/**
 * Holds what a registry asked for and the tokens it gave: Basic credentials once a Basic challenge was seen,
 * Bearer tokens cached per scope until they expire.
 */
export class Authenticator {
  private scheme: 'none' | 'basic' | 'bearer' = 'none';
  private bearer: { realm: string; service?: string } | undefined;
  private readonly tokens = new Map<string, CachedToken>();

  constructor(
    private readonly registry: string,
    private readonly transport: Transport,
    private readonly credentials: Credentials | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** The Authorization header for a request needing `scope`, if one is known without asking. */
  headerFor(scope: string): string | undefined {
    if (this.scheme === 'basic' && this.credentials) return basicHeader(this.credentials);
    if (this.scheme === 'bearer') {
      const cached = this.tokens.get(scope);
      if (cached && cached.expiresAt > this.now()) return `Bearer ${cached.token}`;
    }
    return undefined;
  }

  /** Learns from a 401's challenges and gets a token when asked to; throws when nothing can satisfy them. */
  async handleChallenge(
    challenges: AuthChallenge[],
    scope: string,
    context: { repository?: string; operation: string },
  ): Promise<void> {
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    const basic = challenges.find((c) => c.scheme === 'basic');
    if (bearer) {
      const realm = bearer.params.realm;
      if (!realm) throw new Error(`registry ${this.registry}: Bearer challenge without a realm`);
      this.scheme = 'bearer';
      this.bearer = { realm, ...(bearer.params.service ? { service: bearer.params.service } : {}) };
      // One `scope` parameter per scope (a mount needs push on the target and pull on the source).
      const scopes = new Set(
        [...scope.split(' '), ...(bearer.params.scope ?? '').split(' ')].filter(Boolean),
      );
      await this.fetchToken(scope, [...scopes], context);
      return;
    }
    if (basic) {
      if (!this.credentials) {
        throw new RegistryError(
          { registry: this.registry, ...context },
          401,
          [{ code: 'UNAUTHORIZED', message: 'authentication required' }],
          'The registry asks for credentials: pass --username/--password, set KUACK_REGISTRY_USERNAME/KUACK_REGISTRY_PASSWORD, or log in with docker',
        );
      }
      this.scheme = 'basic';
      return;
    }
    throw new Error(
      `registry ${this.registry}: unsupported authentication challenge "${challenges.map((c) => c.scheme).join(', ')}"`,
    );
  }

  /** Forget the token of `scope` (after a 401 with one), so the next request asks again. */
  invalidate(scope: string): void {
    this.tokens.delete(scope);
  }

  get usesBasic(): boolean {
    return this.scheme === 'basic';
  }

  private async fetchToken(
    cacheScope: string,
    scopes: string[],
    context: { repository?: string; operation: string },
  ): Promise<void> {
    const url = new URL(this.bearer!.realm);
    if (this.bearer!.service) url.searchParams.set('service', this.bearer!.service);
    for (const s of scopes) url.searchParams.append('scope', s);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.credentials) headers.authorization = basicHeader(this.credentials);
    const res = await this.transport.send({ method: 'GET', url, headers });
    const text = await readBodyText(res);
    if (res.status !== 200) {
      throw new RegistryError(
        { registry: this.registry, ...context },
        res.status,
        [],
        `The token endpoint ${url.origin}${url.pathname} refused ${this.credentials ? `user "${this.credentials.username}"` : 'anonymous access'}`,
      );
    }
    let body: { token?: string; access_token?: string; expires_in?: number };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new Error(`token endpoint ${url.origin}${url.pathname}: response is not JSON`);
    }
    const token = body.token ?? body.access_token;
    if (!token) throw new Error(`token endpoint ${url.origin}${url.pathname}: response has no "token"`);
    const seconds =
      typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_TOKEN_SECONDS;
    this.tokens.set(cacheScope, { token, expiresAt: this.now() + seconds * 1000 - EXPIRY_MARGIN_MS });
  }
}

export function basicHeader(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
}

export function repositoryScope(repository: string, actions: 'pull' | 'pull,push'): string {
  return `repository:${repository}:${actions}`;
}
