import { parseDistributionErrors, RegistryError } from './registry-error';

describe('RegistryError', () => {
  const digest = `sha256:${'b'.repeat(64)}`;
  it.each([
    [
      { registry: 'r.io', repository: 'team/app', reference: 'v1', operation: 'fetch manifest' },
      404,
      '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"v1"}}]}',
      'fetch manifest failed at registry r.io, team/app:v1: HTTP 404 not found — MANIFEST_UNKNOWN: manifest unknown ({"Tag":"v1"})',
    ],
    [
      { registry: 'r.io', repository: 'team/app', reference: digest, operation: 'fetch blob' },
      404,
      '{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown to registry"}]}',
      `fetch blob failed at registry r.io, team/app@${digest}: HTTP 404 not found — BLOB_UNKNOWN: blob unknown to registry`,
    ],
    [
      { registry: 'r.io', repository: 'team/app', reference: digest, operation: 'upload blob' },
      400,
      '{"errors":[{"code":"DIGEST_INVALID","message":"provided digest did not match uploaded content"}]}',
      `upload blob failed at registry r.io, team/app@${digest}: HTTP 400 bad request — DIGEST_INVALID: provided digest did not match uploaded content`,
    ],
    [
      { registry: 'r.io', repository: 'team/app', reference: 'v1', operation: 'push manifest' },
      403,
      '{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}',
      'push manifest failed at registry r.io, team/app:v1: HTTP 403 forbidden (the credentials lack access) — DENIED: requested access to the resource is denied',
    ],
    [
      { registry: 'r.io', operation: 'ping' },
      502,
      '<html>bad gateway</html>',
      'ping failed at registry r.io: HTTP 502 server error',
    ],
  ])('%j %i', (context, status, body, message) => {
    const error = new RegistryError(context, status, parseDistributionErrors(body));
    expect(error.message).toBe(message);
    expect(error.status).toBe(status);
  });

  it('exposes the codes', () => {
    const error = new RegistryError(
      { registry: 'r', operation: 'x' },
      400,
      parseDistributionErrors(
        '{"errors":[{"code":"MANIFEST_BLOB_UNKNOWN"},{"code":"SIZE_INVALID"},{"nocode":1}]}',
      ),
    );
    expect(error.codes).toEqual(['MANIFEST_BLOB_UNKNOWN', 'SIZE_INVALID']);
    expect(error.hasCode('MANIFEST_BLOB_UNKNOWN')).toBe(true);
    expect(error.hasCode('BLOB_UNKNOWN')).toBe(false);
  });
});
