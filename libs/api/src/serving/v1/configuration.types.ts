import { Type } from '@sinclair/typebox';
import { StatusFieldsSchema, type Status } from '../../core/conditions';
import type { KObject } from '../../core/object';
import { ResourceSchema } from '../../core/schema';
import { RevisionTemplateSpecSchema, type RevisionTemplateSpec } from './revision.types';

export const ConfigurationSpecFields = {
  template: Type.Optional(RevisionTemplateSpecSchema),
};
export const ConfigurationSpecSchema = Type.Object(ConfigurationSpecFields);
export interface ConfigurationSpec {
  template?: RevisionTemplateSpec;
}

export const ConfigurationStatusFields = {
  latestReadyRevisionName: Type.Optional(Type.String()),
  latestCreatedRevisionName: Type.Optional(Type.String()),
};
export const ConfigurationStatusSchema = Type.Object({ ...StatusFieldsSchema, ...ConfigurationStatusFields });
export type ConfigurationStatus = Status & {
  latestReadyRevisionName?: string;
  latestCreatedRevisionName?: string;
};

export const ConfigurationSchema = ResourceSchema({
  spec: ConfigurationSpecSchema,
  status: ConfigurationStatusSchema,
  description: 'Configuration represents the "floating HEAD" of a linear history of Revisions.',
});
export type Configuration = KObject<ConfigurationSpec, ConfigurationStatus>;

export const ConfigurationConditionReady = 'Ready';
