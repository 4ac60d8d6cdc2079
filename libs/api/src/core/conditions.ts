import { Type, type Static } from '@sinclair/typebox';

/** Knative apis.Condition as serialized: severity "" (Error) is omitted; only Warning/Info are written. */
export const ConditionSchema = Type.Object({
  type: Type.String(),
  status: Type.String(),
  severity: Type.Optional(Type.String()),
  lastTransitionTime: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
});
export type ConditionStatus = 'True' | 'False' | 'Unknown';
export type ConditionSeverity = '' | 'Warning' | 'Info';
export interface Condition {
  type: string;
  status: ConditionStatus;
  severity?: ConditionSeverity;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** duckv1.Status: what every Knative status embeds. */
export const StatusFieldsSchema = {
  observedGeneration: Type.Optional(Type.Integer({ format: 'int64' })),
  conditions: Type.Optional(Type.Array(ConditionSchema)),
  annotations: Type.Optional(Type.Record(Type.String(), Type.String())),
};
export const StatusSchema = Type.Object(StatusFieldsSchema);
export interface Status {
  observedGeneration?: number;
  conditions?: Condition[];
  annotations?: Record<string, string>;
}
export type StatusStatic = Static<typeof StatusSchema>;

export const ConditionReady = 'Ready';
export const ConditionSucceeded = 'Succeeded';

export function getCondition(status: Status | undefined, type: string): Condition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

export function isConditionTrue(c: Condition | undefined): boolean {
  return c?.status === 'True';
}
export function isConditionFalse(c: Condition | undefined): boolean {
  return c?.status === 'False';
}
export function isConditionUnknown(c: Condition | undefined): boolean {
  return !c || c.status === 'Unknown';
}
