import assert from 'node:assert/strict';
import test from 'node:test';
import { serve } from '@kuack/functions';
import * as func from '../src/index';

test('replies to a binary-mode CloudEvent with a CloudEvent', async (t) => {
  const fn = await serve(func, { port: 0, logLevel: 'silent' });
  t.after(() => fn.close());
  const res = await fetch(fn.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'ce-id': '01234',
      'ce-source': '/test',
      'ce-type': 'com.example.cloudevents.test',
      'ce-specversion': '1.0',
    },
    body: JSON.stringify({ name: 'tiger' }),
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('ce-type'), 'function.response');
  assert.equal(res.headers.get('ce-source'), 'function');
  assert.deepEqual(await res.json(), { message: 'OK', received: { name: 'tiger' } });
});

test('refuses an event of an unsupported specversion with 406', async (t) => {
  const fn = await serve(func, { port: 0, logLevel: 'silent' });
  t.after(() => fn.close());
  const res = await fetch(fn.url, {
    method: 'POST',
    headers: { 'ce-id': '1', 'ce-source': '/test', 'ce-type': 't', 'ce-specversion': '0.1' },
  });
  assert.equal(res.status, 406);
});
