import assert from 'node:assert/strict';
import test from 'node:test';
import { serve } from '@kuack/functions';
import * as func from '../src/index';

test('served by the Kuack runtime: start(cfg), readiness, handle, stop', async (t) => {
  const fn = await serve(func, { port: 0, logLevel: 'silent', env: { GREETING: 'Howdy' } });
  t.after(() => fn.close());
  await fn.started;
  const ready = await fetch(new URL('health/readiness', fn.url));
  assert.equal(ready.status, 200);
  assert.equal(await ready.text(), 'READY');
  const res = await fetch(`${fn.url}?name=tiger`, { method: 'POST', body: 'hi' });
  assert.deepEqual(await res.json(), { message: 'Howdy, tiger!', invocation: 1, received: 'hi' });
});
