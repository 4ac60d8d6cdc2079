'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { handle } = require('..');

const context = (fields) => ({ log: { info: () => undefined }, query: {}, method: 'GET', ...fields });

test('answers OK to a request without a body', async () => {
  const result = await handle(context({ query: { name: 'tiger' } }));
  assert.deepEqual(result, { body: 'OK', headers: { 'content-type': 'text/plain' } });
});

test('echoes a JSON body', async () => {
  const body = { name: 'tiger' };
  assert.deepEqual(await handle(context({ method: 'POST', body }), body), { body });
});
