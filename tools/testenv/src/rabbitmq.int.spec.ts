// amqplib against the testenv's RabbitMQ: a quorum queue, publisher confirms, consume and ack.
import amqp from 'amqplib';

import { eventually } from './eventually';
import { requireServices } from './require-services';

jest.setTimeout(60_000);

const queue = `testenv-smoke-${process.pid}-${Date.now().toString(36)}`;
let connection: amqp.ChannelModel;

beforeAll(async () => {
  const env = await requireServices(['rabbitmq']);
  connection = await amqp.connect(env.rabbitmq.url);
}, 900_000);

afterAll(async () => {
  const channel = await connection.createChannel();
  await channel.deleteQueue(queue).catch(() => undefined);
  await connection.close();
});

it('publishes with confirms to a quorum queue and consumes with acks', async () => {
  const channel = await connection.createConfirmChannel();
  await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });

  for (let i = 0; i < 20; i++) {
    channel.sendToQueue(queue, Buffer.from(`message ${i}`), { persistent: true, headers: { index: i } });
  }
  await channel.waitForConfirms(); // rejects when the broker nacks any of them

  const received: Array<{ body: string; index: unknown; redelivered: boolean }> = [];
  await channel.prefetch(5);
  await channel.consume(queue, (message) => {
    if (!message) return;
    received.push({
      body: message.content.toString(),
      index: message.properties.headers?.index,
      redelivered: message.fields.redelivered,
    });
    channel.ack(message);
  });
  await eventually(() => expect(received).toHaveLength(20));
  expect(received).toEqual(
    Array.from({ length: 20 }, (_, i) => ({ body: `message ${i}`, index: i, redelivered: false })),
  );
  await eventually(async () => {
    const check = await connection.createChannel();
    const { messageCount } = await check.checkQueue(queue);
    await check.close();
    expect(messageCount).toBe(0);
  });
  await channel.close();
});

it('really made a quorum queue: declaring it as classic is refused (406 PRECONDITION_FAILED)', async () => {
  const channel = await connection.createChannel();
  const closed = new Promise<Error>((resolve) => channel.on('error', resolve));
  await expect(
    channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'classic' } }),
  ).rejects.toThrow(/PRECONDITION_FAILED/);
  expect(String(await closed)).toMatch(/406/);
});
