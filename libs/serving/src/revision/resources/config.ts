import type { ServingDefaults } from '@kuack/api';
import type { AutoscalerConfig, DeploymentConfig } from '@kuack/controller';

/** The parts of Knative's config maps the Revision builders read (one snapshot per reconcile). */
export interface RevisionConfig {
  deployment: DeploymentConfig;
  defaults: ServingDefaults;
  autoscaler: AutoscalerConfig;
  /** config-observability `logging.revision-url-template` (`${REVISION_UID}` is replaced). */
  loggingUrlTemplate?: string;
}
