import { defaultSourceSpec } from '../eventing/duck/source';
import type { ContainerSource } from './container-source.types';

/** ContainerSource.SetDefaults: unnamed containers become `<source name>-<index>`. */
export function defaultContainerSource(source: ContainerSource): void {
  const name = source.metadata?.name ?? '';
  (source.spec?.template?.spec?.containers ?? []).forEach((c, i) => {
    if (!c.name) c.name = `${name}-${i}`;
  });
  defaultSourceSpec(source.spec, source.metadata?.namespace);
}
