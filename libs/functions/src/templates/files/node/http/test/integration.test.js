'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { serve } = require('@kuack/functions');
const func = require('..');

test('served by the Kuack runtime: echoes JSON over HTTP', async (t) => {
  const fn = await serve(func, { port: 0, logLevel: 'silent' });
  t.after(() => fn.close());
  const res = await fetch(fn.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: 'Hello World' }),
  });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { message: 'Hello World' });
});

test('served by the Kuack runtime: GET answers OK and the probes pass', async (t) => {
  const fn = await serve(func, { port: 0, logLevel: 'silent' });
  t.after(() => fn.close());
  assert.equal(await (await fetch(fn.url)).text(), 'OK');
  assert.equal((await fetch(new URL('health/readiness', fn.url))).status, 200);
});
