import { ServingAnnotations, ServingLabels, formatTime, revisionNameFor } from '@kuack/api';
import { ownerRefTo } from '@kuack/controller';
import { type ConfigurationObject, REVISION, type RevisionObject } from '../../resources/kinds';

/** The Revision name a Configuration's current generation asks for: the BYO template name, else `{config}-{gen:05}`. */
export function revisionNameOf(config: ConfigurationObject): string {
  return (
    config.spec.template?.metadata?.name ||
    revisionNameFor(config.metadata.name as string, config.metadata.generation ?? 0)
  );
}

/** The value of one of the labels a Configuration stamps on its Revisions (RevisionLabelValueForKey). */
export function revisionLabelValue(key: string, config: ConfigurationObject): string {
  switch (key) {
    case ServingLabels.configuration:
      return config.metadata.name ?? '';
    case ServingLabels.service:
      return config.metadata.labels?.[ServingLabels.service] ?? '';
    case ServingLabels.configurationGeneration:
      return String(config.metadata.generation ?? 0);
    case ServingLabels.configurationUID:
      return config.metadata.uid ?? '';
    case ServingLabels.serviceUID:
      return config.metadata.labels?.[ServingLabels.serviceUID] ?? '';
  }
  return '';
}

const REVISION_LABELS = [
  ServingLabels.configuration,
  ServingLabels.service,
  ServingLabels.configurationGeneration,
  ServingLabels.configurationUID,
  ServingLabels.serviceUID,
];

/**
 * The immutable Revision of a Configuration's current template (MakeRevision): the template's metadata and
 * spec, the Configuration's labels (configuration, service, configurationGeneration, UIDs), the creator from
 * its lastModifier, routingState `pending` (or `active` when the Configuration is already routed, i.e. has
 * `serving.knative.dev/routes`), and the Configuration as controller owner.
 */
export function makeRevision(config: ConfigurationObject, now: Date): RevisionObject {
  const template = structuredClone(config.spec.template ?? {});
  const meta = (template.metadata ?? {}) as RevisionObject['metadata'];
  const labels: Record<string, string> = { ...meta.labels };
  const annotations: Record<string, string> = { ...meta.annotations };
  for (const key of REVISION_LABELS) {
    const value = revisionLabelValue(key, config);
    if (value) labels[key] = value;
  }
  const configAnnotations = config.metadata.annotations ?? {};
  if (configAnnotations[ServingAnnotations.lastModifier])
    annotations[ServingAnnotations.creator] = configAnnotations[ServingAnnotations.lastModifier];
  const routed = configAnnotations[ServingAnnotations.routes];
  if (routed) annotations[ServingAnnotations.routes] = routed;
  labels[ServingLabels.routingState] = routed ? 'active' : 'pending';
  annotations[ServingAnnotations.routingStateModified] = formatTime(now);
  return {
    apiVersion: REVISION.apiVersion,
    kind: REVISION.kind,
    metadata: {
      ...meta,
      name: revisionNameOf(config),
      namespace: config.metadata.namespace,
      labels,
      annotations,
      ownerReferences: [...(meta.ownerReferences ?? []), ownerRefTo(config)],
    },
    spec: template.spec ?? { containers: [] },
  };
}
