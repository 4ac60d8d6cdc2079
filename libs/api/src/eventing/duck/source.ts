import { Type } from '@sinclair/typebox';
import type { ApiConfig } from '../../core/config';
import { StatusFieldsSchema, type Status } from '../../core/conditions';
import type { Addressable } from '../../core/duck/addressable';
import { type Destination, DestinationSchema, defaultDestination } from '../../core/duck/destination';
import { FieldErrors, errInvalidKeyName } from '../../core/field-error';
import { StringMap } from '../../core/schema';
import { validateRequiredDestination } from './delivery.validation';

/** duckv1.SourceSpec: where a source sends (`sink`) and the extensions it adds (`ceOverrides`). */
export interface SourceSpec {
  sink?: Destination;
  ceOverrides?: { extensions?: Record<string, string> };
}

export const SourceSpecFields = {
  sink: Type.Optional(DestinationSchema),
  ceOverrides: Type.Optional(Type.Object({ extensions: Type.Optional(StringMap()) })),
};

/** duckv1.SourceStatus. */
export interface SourceStatus extends Status {
  sinkUri?: string;
  sinkCACerts?: string;
  sinkAudience?: string;
  ceAttributes?: Array<{ type?: string; source?: string }>;
  auth?: { serviceAccountName?: string; serviceAccountNames?: string[] };
}

export const AuthStatusSchema = Type.Object({
  serviceAccountName: Type.Optional(Type.String()),
  serviceAccountNames: Type.Optional(Type.Array(Type.String())),
});

export const SourceStatusFields = {
  ...StatusFieldsSchema,
  sinkUri: Type.Optional(Type.String()),
  sinkCACerts: Type.Optional(Type.String()),
  sinkAudience: Type.Optional(Type.String()),
  ceAttributes: Type.Optional(
    Type.Array(Type.Object({ type: Type.Optional(Type.String()), source: Type.Optional(Type.String()) })),
  ),
  auth: Type.Optional(AuthStatusSchema),
};

/** SourceSpec.Validate: the sink (required) and the ceOverrides extension names. Paths relative to spec. */
export function validateSourceSpec(
  spec: SourceSpec | undefined,
  _config: ApiConfig,
  parentNamespace?: string,
): FieldErrors {
  return validateRequiredDestination(spec?.sink, { parentNamespace })
    .viaField('sink')
    .also(validateCeOverrides(spec?.ceOverrides).viaField('ceOverrides'));
}

/** Extension names: non-empty and alphanumeric. Knative stops at the first bad key; so do we (sorted keys). */
export function validateCeOverrides(overrides: SourceSpec['ceOverrides']): FieldErrors {
  for (const key of Object.keys(overrides?.extensions ?? {}).sort()) {
    if (key === '') return errInvalidKeyName(key, '', 'keys MUST NOT be empty').viaField('extensions');
    if (!/^[A-Za-z0-9]+$/.test(key))
      return errInvalidKeyName(key, '', 'keys are expected to be alphanumeric').viaField('extensions');
  }
  return FieldErrors.none;
}

export function defaultSourceSpec(spec: SourceSpec | undefined, namespace: string | undefined): void {
  defaultDestination(spec?.sink, namespace);
}

/** Records a resolved sink on a source status (MarkSink's field copy). */
export function setSinkAddress(status: SourceStatus, sink: Addressable): void {
  if (sink.url !== undefined) status.sinkUri = sink.url;
  else delete status.sinkUri;
  if (sink.CACerts !== undefined) status.sinkCACerts = sink.CACerts;
  else delete status.sinkCACerts;
  if (sink.audience !== undefined) status.sinkAudience = sink.audience;
  else delete status.sinkAudience;
}
