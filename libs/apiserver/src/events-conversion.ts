import type { KubeObject } from './object';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Core v1 Event fields ↔ events.k8s.io/v1 Event fields (one storage, two shapes, as in kube-apiserver). */
const RENAMES: [string, string][] = [
  ['involvedObject', 'regarding'],
  ['message', 'note'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
  ['reportingComponent', 'reportingController'],
];

export function coreEventToEventsV1(core: KubeObject): KubeObject {
  const out: Any = { ...core, apiVersion: 'events.k8s.io/v1', kind: 'Event' };
  for (const [from, to] of RENAMES) {
    if (out[from] !== undefined) out[to] = out[from];
    delete out[from];
  }
  return out as KubeObject;
}

export function eventsV1ToCoreEvent(ev: KubeObject): KubeObject {
  const out: Any = { ...ev, apiVersion: 'v1', kind: 'Event' };
  for (const [to, from] of RENAMES) {
    if (out[from] !== undefined) out[to] = out[from];
    delete out[from];
  }
  return out as KubeObject;
}
