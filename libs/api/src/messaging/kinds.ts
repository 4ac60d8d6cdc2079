import type { KindDefinition } from '../core/registry';
import { channelKind } from './channel.kind';
import { inMemoryChannelKind } from './in-memory-channel.kind';
import { subscriptionKind } from './subscription.kind';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- definitions of different object types
export const messagingKinds: KindDefinition<any>[] = [channelKind, inMemoryChannelKind, subscriptionKind];
