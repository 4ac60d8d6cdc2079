import type { Revision } from '@kuack/api';
import { BackgroundDigestResolver, type DigestSource, resolveImageDigest } from './digest';
import { testRevision } from './testing/fixtures';

const DIGEST = 'sha256:' + 'a'.repeat(64);
const opts = { registriesSkippingTagResolving: ['kuack.local', 'dev.local'], timeoutMs: 200 };

function source(overrides: Partial<DigestSource> = {}): DigestSource & { remoteCalls: string[] } {
  const remoteCalls: string[] = [];
  return {
    remoteCalls,
    local: async () => undefined,
    remote: async (ref) => {
      remoteCalls.push(`${ref.registry}/${ref.repository}:${ref.tag ?? ''}`);
      return DIGEST;
    },
    ...overrides,
  };
}

describe('resolveImageDigest', () => {
  it('pins a tag to <registry>/<repository>@<digest> from the registry', async () => {
    const s = source();
    await expect(resolveImageDigest('registry.example.com/app/hello:v1', s, opts)).resolves.toBe(
      `registry.example.com/app/hello@${DIGEST}`,
    );
    expect(s.remoteCalls).toEqual(['registry.example.com/app/hello:v1']);
  });

  it('keeps an image already pinned to a digest', async () => {
    const s = source();
    const image = `registry.example.com/hello@${DIGEST}`;
    await expect(resolveImageDigest(image, s, opts)).resolves.toBe(image);
    expect(s.remoteCalls).toEqual([]);
  });

  it('gives no digest for registries that skip tag resolution', async () => {
    const s = source();
    await expect(resolveImageDigest('kuack.local/queue-proxy:dev', s, opts)).resolves.toBe('');
    expect(s.remoteCalls).toEqual([]);
  });

  it('asks the local image store first (by the name as written and normalized)', async () => {
    const asked: string[][] = [];
    const s = source({
      local: async (names) => {
        asked.push(names);
        return 'sha256:' + 'b'.repeat(64);
      },
    });
    await expect(resolveImageDigest('hello', s, opts)).resolves.toBe(
      `docker.io/library/hello@sha256:${'b'.repeat(64)}`,
    );
    expect(asked).toEqual([['hello', 'docker.io/library/hello:latest']]);
    expect(s.remoteCalls).toEqual([]);
  });

  it("fails with Knative's message when the registry fails or is too slow", async () => {
    const failing = source({ remote: async () => Promise.reject(new Error('manifest unknown')) });
    await expect(resolveImageDigest('registry.example.com/nope:v1', failing, opts)).rejects.toThrow(
      'Unable to fetch image "registry.example.com/nope:v1": failed to resolve image to digest: manifest unknown',
    );
    const slow = source({ remote: () => new Promise(() => undefined) });
    await expect(resolveImageDigest('registry.example.com/slow:v1', slow, opts)).rejects.toThrow(
      /failed to resolve image to digest: timed out after 200ms/,
    );
  });

  it('names a malformed reference', async () => {
    await expect(resolveImageDigest('Bad Image', source(), opts)).rejects.toThrow(
      /Unable to fetch image "Bad Image"/,
    );
  });
});

describe('BackgroundDigestResolver', () => {
  const rev = testRevision() as unknown as Revision;

  it('answers undefined first, re-enqueues when done, then gives the statuses', async () => {
    const done: string[] = [];
    const r = new BackgroundDigestResolver(source(), (k) => done.push(k));
    expect(r.resolve('default/hello-00001', rev, opts)).toBeUndefined();
    await new Promise((res) => setImmediate(res));
    expect(done).toEqual(['default/hello-00001']);
    expect(r.resolve('default/hello-00001', rev, opts)).toEqual({
      statuses: [{ name: 'user-container', imageDigest: `registry.example.com/hello@${DIGEST}` }],
    });
    r.clear('default/hello-00001');
    expect(r.resolve('default/hello-00001', rev, opts)).toBeUndefined();
  });

  it('reports the error of any container', async () => {
    const done: string[] = [];
    const r = new BackgroundDigestResolver(
      source({ remote: async () => Promise.reject(new Error('denied')) }),
      (k) => done.push(k),
    );
    r.resolve('k', rev, opts);
    await new Promise((res) => setImmediate(res));
    const outcome = r.resolve('k', rev, opts);
    expect(outcome && 'error' in outcome && outcome.error.message).toMatch(
      /failed to resolve image to digest: denied/,
    );
  });
});
