import { timingSafeEqual } from 'node:crypto';

export type AuthDecision = { ok: true } | { ok: false; status: 401 | 403; message: string };

/** Checks `Authorization: Bearer <token>`: none (or another scheme) → 401, a wrong token → 403. */
export function checkBearer(header: string | undefined, token: string): AuthDecision {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match)
    return { ok: false, status: 401, message: 'missing bearer token: send Authorization: Bearer <token>' };
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, status: 403, message: 'the bearer token is not valid for this build service' };
  }
  return { ok: true };
}
