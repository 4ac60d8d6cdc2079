import { Type } from '@sinclair/typebox';
import type { KReference } from '../core/duck/kreference';
import { KReferenceSchema } from '../core/duck/kreference';
import type { KObject } from '../core/object';
import { ResourceSchema } from '../core/schema';
import {
  type ChannelableSpec,
  ChannelableSpecFields,
  type ChannelableStatus,
  ChannelableStatusFields,
} from '../eventing/duck/channelable';
import { type ChannelTemplateSpec, ChannelTemplateSpecSchema } from './channel-template';

export interface ChannelSpec extends ChannelableSpec {
  /** The backing channel to create (defaulted from default-ch-webhook); immutable. */
  channelTemplate?: ChannelTemplateSpec;
}

export interface ChannelStatus extends ChannelableStatus {
  /** The backing channel. */
  channel?: KReference;
}

export type Channel = KObject<ChannelSpec, ChannelStatus>;

export const ChannelSchema = ResourceSchema({
  description: 'Channel represents a generic Channel backed by the channel kind its template names.',
  spec: Type.Object({ channelTemplate: Type.Optional(ChannelTemplateSpecSchema), ...ChannelableSpecFields }),
  status: Type.Object({ ...ChannelableStatusFields, channel: Type.Optional(KReferenceSchema) }),
});
