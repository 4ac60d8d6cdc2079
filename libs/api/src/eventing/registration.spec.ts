// The eventing-side kinds as the rest of Kuack sees them: registered, admitted through admit(), and turned into
// CRDs with Knative's names, categories, labels and printer columns.
import { admit } from '../admit';
import { buildCrd } from '../crd/crd';
import type { KObject } from '../core/object';
import { defaultRegistry } from '../kinds';

type Crd = {
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    names: { shortNames?: string[]; categories?: string[] };
    versions: Array<{
      name: string;
      additionalPrinterColumns?: Array<{ name: string }>;
      subresources?: unknown;
    }>;
  };
};

const crdOf = (ref: string) => buildCrd(defaultRegistry.lookup(ref)!) as unknown as Crd;

describe('eventing kinds registration', () => {
  it.each([
    [
      'eventing.knative.dev/v1/Broker',
      'brokers.eventing.knative.dev',
      [],
      ['all', 'knative', 'eventing'],
      ['URL', 'Age', 'Ready', 'Reason', 'Class'],
    ],
    [
      'eventing.knative.dev/v1/Trigger',
      'triggers.eventing.knative.dev',
      [],
      ['all', 'knative', 'eventing'],
      ['Broker', 'Subscriber_URI', 'Age', 'Ready', 'Reason'],
    ],
    [
      'eventing.knative.dev/v1beta3/EventType',
      'eventtypes.eventing.knative.dev',
      [],
      ['all', 'knative', 'eventing'],
      ['Type', 'Source', 'Reference Name', 'Reference Kind', 'Description', 'Ready', 'Reason'],
    ],
    [
      'messaging.knative.dev/v1/Channel',
      'channels.messaging.knative.dev',
      ['ch'],
      ['all', 'knative', 'messaging'],
      ['URL', 'Age', 'Ready', 'Reason'],
    ],
    [
      'messaging.knative.dev/v1/InMemoryChannel',
      'inmemorychannels.messaging.knative.dev',
      ['imc'],
      ['all', 'knative', 'messaging'],
      ['URL', 'Age', 'Ready', 'Reason'],
    ],
    [
      'messaging.knative.dev/v1/Subscription',
      'subscriptions.messaging.knative.dev',
      ['sub'],
      ['all', 'knative', 'messaging'],
      ['Age', 'Ready', 'Reason'],
    ],
    [
      'flows.knative.dev/v1/Sequence',
      'sequences.flows.knative.dev',
      [],
      ['all', 'knative', 'flows'],
      ['URL', 'Age', 'Ready', 'Reason'],
    ],
    [
      'flows.knative.dev/v1/Parallel',
      'parallels.flows.knative.dev',
      [],
      ['all', 'knative', 'flows'],
      ['URL', 'Age', 'Ready', 'Reason'],
    ],
    [
      'sources.knative.dev/v1/PingSource',
      'pingsources.sources.knative.dev',
      [],
      ['all', 'knative', 'sources'],
      ['Sink', 'Schedule', 'Age', 'Ready', 'Reason'],
    ],
    [
      'sources.knative.dev/v1/SinkBinding',
      'sinkbindings.sources.knative.dev',
      [],
      ['all', 'knative', 'sources', 'bindings'],
      ['Sink', 'Age', 'Ready', 'Reason'],
    ],
    [
      'sources.knative.dev/v1/ApiServerSource',
      'apiserversources.sources.knative.dev',
      [],
      ['all', 'knative', 'sources'],
      ['Sink', 'Age', 'Ready', 'Reason'],
    ],
    [
      'sources.knative.dev/v1/ContainerSource',
      'containersources.sources.knative.dev',
      [],
      ['all', 'knative', 'sources'],
      ['Sink', 'Age', 'Ready', 'Reason'],
    ],
  ])('%s → %s', (ref, name, shortNames, categories, columns) => {
    const crd = crdOf(ref);
    expect(crd.metadata.name).toBe(name);
    expect(crd.spec.names.shortNames ?? []).toEqual(shortNames);
    expect(crd.spec.names.categories).toEqual(categories);
    expect(crd.spec.versions[0]!.additionalPrinterColumns!.map((c) => c.name)).toEqual(columns);
    expect(crd.spec.versions[0]!.subresources).toEqual({ status: {} });
  });

  it('labels source and addressable CRDs for Knative duck discovery', () => {
    expect(crdOf('pingsources.sources.knative.dev').metadata.labels).toEqual({
      'eventing.knative.dev/source': 'true',
      'duck.knative.dev/source': 'true',
    });
    expect(crdOf('sinkbindings.sources.knative.dev').metadata.labels).toMatchObject({
      'duck.knative.dev/binding': 'true',
    });
    expect(crdOf('brokers.eventing.knative.dev').metadata.labels).toEqual({
      'duck.knative.dev/addressable': 'true',
    });
    expect(crdOf('imc').metadata.labels).toEqual({
      'messaging.knative.dev/subscribable': 'true',
      'duck.knative.dev/addressable': 'true',
    });
  });
});

describe('admit() on eventing kinds', () => {
  it('defaults a bare Broker and Trigger and accepts them', () => {
    const broker = admit<KObject>(undefined, {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Broker',
      metadata: { name: 'default', namespace: 'shop' },
    });
    expect(broker.errors).toEqual([]);
    expect(broker.object.metadata?.annotations?.['eventing.knative.dev/broker.class']).toBe(
      'MTChannelBasedBroker',
    );

    const trigger = admit<KObject>(undefined, {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Trigger',
      metadata: { name: 't', namespace: 'shop' },
      spec: {
        broker: 'default',
        filters: [{ cesql: "type LIKE 'com.example.%'" }],
        subscriber: { uri: 'http://x.example' },
      },
    });
    expect(trigger.errors).toEqual([]);
    expect(trigger.object.metadata?.labels).toEqual({ 'eventing.knative.dev/broker': 'default' });
  });

  it('refuses a new spec.broker on update, with the old object', () => {
    const old = {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Trigger',
      metadata: { name: 't', namespace: 'shop' },
      spec: { broker: 'a', subscriber: { uri: 'http://x.example' } },
    };
    const updated = { ...old, spec: { ...old.spec, broker: 'b' } };
    const result = admit('Trigger', updated, old);
    expect(result.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'spec.broker: Immutable fields changed (-old +new)',
    ]);
  });

  it('reports metadata name problems with the API server rules', () => {
    const result = admit(undefined, {
      apiVersion: 'sources.knative.dev/v1',
      kind: 'PingSource',
      metadata: { name: 'Bad_Name', namespace: 'shop' },
      spec: { sink: { uri: 'http://x.example' } },
    });
    expect(result.errors.map((e) => e.path)).toEqual(['metadata.name']);
  });

  it('finds kinds by short name', () => {
    expect(defaultRegistry.lookup('imc')?.kind).toBe('InMemoryChannel');
    expect(defaultRegistry.lookup('sub')?.kind).toBe('Subscription');
    expect(defaultRegistry.lookup('ch')?.kind).toBe('Channel');
  });
});
