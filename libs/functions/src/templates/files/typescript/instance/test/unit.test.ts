import assert from 'node:assert/strict';
import test from 'node:test';
import { Greeter } from '../src/index';

test('greets with the configured greeting and counts invocations', async () => {
  const greeter = new Greeter();
  assert.equal(greeter.ready(), false);
  await greeter.start({ GREETING: 'Hi' });
  assert.equal(greeter.ready(), true);
  const first = await (await greeter.handle(new Request('http://fn/?name=tiger'))).json();
  assert.deepEqual(first, { message: 'Hi, tiger!', invocation: 1 });
  const second = (await (await greeter.handle(new Request('http://fn/'))).json()) as { invocation: number };
  assert.equal(second.invocation, 2);
});
