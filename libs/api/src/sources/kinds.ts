import type { KindDefinition } from '../core/registry';
import { apiServerSourceKind } from './api-server-source.kind';
import { containerSourceKind } from './container-source.kind';
import { pingSourceKind } from './ping-source.kind';
import { sinkBindingKind } from './sink-binding.kind';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- definitions of different object types
export const sourcesKinds: KindDefinition<any>[] = [
  pingSourceKind,
  sinkBindingKind,
  apiServerSourceKind,
  containerSourceKind,
];
