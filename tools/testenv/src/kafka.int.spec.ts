// kafkajs 2.x against the testenv's KRaft broker: a topic, 100 records with headers, one consumer group.
import { type Consumer, Kafka, Partitioners, logLevel } from 'kafkajs';

import { eventually } from './eventually';
import { requireServices } from './require-services';

jest.setTimeout(120_000);

const suffix = `${process.pid}-${Date.now().toString(36)}`;
const topic = `testenv-smoke-${suffix}`;
let kafka: Kafka;
let consumer: Consumer | undefined;

beforeAll(async () => {
  const env = await requireServices(['kafka']);
  kafka = new Kafka({ clientId: 'testenv-smoke', brokers: env.kafka.brokers, logLevel: logLevel.NOTHING });
}, 900_000);

afterAll(async () => {
  await consumer?.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

it('consumes in a consumer group all 100 records produced with headers', async () => {
  const admin = kafka.admin();
  await admin.connect();
  expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })).toBe(
    true,
  );
  await admin.disconnect();

  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({
    topic,
    messages: Array.from({ length: 100 }, (_, i) => ({
      key: `key-${i}`,
      value: JSON.stringify({ index: i }),
      headers: { 'ce-id': `id-${i}`, 'ce-type': 'dev.kuack.smoke' },
    })),
  });
  await producer.disconnect();

  const received = new Map<number, { key: string; ceId: string; ceType: string; partition: number }>();
  consumer = kafka.consumer({ groupId: `testenv-smoke-group-${suffix}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      const { index } = JSON.parse(String(message.value)) as { index: number };
      received.set(index, {
        key: String(message.key),
        ceId: String(message.headers?.['ce-id']),
        ceType: String(message.headers?.['ce-type']),
        partition,
      });
    },
  });

  await eventually(() => expect(received.size).toBe(100), { timeoutMs: 60_000 });
  for (let i = 0; i < 100; i++) {
    expect(received.get(i)).toMatchObject({ key: `key-${i}`, ceId: `id-${i}`, ceType: 'dev.kuack.smoke' });
  }
  // Keys spread over the partitions, and the group owns them all.
  expect(new Set([...received.values()].map((r) => r.partition)).size).toBeGreaterThan(1);

  const groupAdmin = kafka.admin();
  await groupAdmin.connect();
  const description = await groupAdmin.describeGroups([`testenv-smoke-group-${suffix}`]);
  await groupAdmin.disconnect();
  expect(description.groups[0].state).toBe('Stable');
});
