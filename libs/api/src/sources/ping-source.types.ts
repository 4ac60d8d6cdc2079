import { Type } from '@sinclair/typebox';
import type { KObject } from '../core/object';
import { ResourceSchema } from '../core/schema';
import {
  type SourceSpec,
  SourceSpecFields,
  type SourceStatus,
  SourceStatusFields,
} from '../eventing/duck/source';

export const PING_SOURCE_EVENT_TYPE = 'dev.knative.sources.ping';
export const DEFAULT_PING_SCHEDULE = '* * * * *';

/** The CloudEvents `source` of a PingSource's events. */
export function pingSourceSource(namespace: string, name: string): string {
  return `/apis/v1/namespaces/${namespace}/pingsources/${name}`;
}

export interface PingSourceSpec extends SourceSpec {
  /** Cron schedule (5 or 6 fields, or a descriptor such as @hourly); defaults to every minute. */
  schedule?: string;
  /** IANA time zone of the schedule (e.g. Europe/Paris). */
  timezone?: string;
  /** Media type of `data` / `dataBase64`; application/json data must be a JSON object. */
  contentType?: string;
  data?: string;
  dataBase64?: string;
}

export type PingSourceStatus = SourceStatus;
export type PingSource = KObject<PingSourceSpec, PingSourceStatus>;

export const PingSourceSchema = ResourceSchema({
  description: 'PingSource sends an event with fixed data on a cron schedule.',
  spec: Type.Object({
    ...SourceSpecFields,
    schedule: Type.Optional(Type.String()),
    timezone: Type.Optional(Type.String()),
    contentType: Type.Optional(Type.String()),
    data: Type.Optional(Type.String()),
    dataBase64: Type.Optional(Type.String()),
  }),
  status: Type.Object({ ...SourceStatusFields }),
});
