import assert from 'node:assert/strict';
import test from 'node:test';
import type { Context } from '@kuack/functions';
import { handle } from '../src/index';

const context = (fields: Partial<Context>) =>
  ({ log: { info: () => undefined }, query: {}, method: 'GET', ...fields }) as unknown as Context;

test('answers OK to a request without a body', async () => {
  const result = await handle(context({ query: { name: 'tiger' } }));
  assert.deepEqual(result, { body: 'OK', headers: { 'content-type': 'text/plain' } });
});

test('echoes a JSON body', async () => {
  const body = { name: 'tiger' };
  assert.deepEqual(await handle(context({ method: 'POST', body }), body), { body });
});
