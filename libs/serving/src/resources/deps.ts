import type { ConfigStore, InformerFactory } from '@kuack/controller';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

/** What the serving-controller app hands every controller factory of this library. */
export interface ServingControllerDeps {
  factory: InformerFactory;
  logger: Logger;
  /**
   * The config stores of the knative-serving ConfigMaps (watching at least config-network and config-domain
   * for the Route; config-gc for revision GC). The app feeds it from an informer of ConfigMaps.
   */
  config: ConfigStore;
  registry?: Registry;
  /** Namespace of the config maps (default knative-serving); their changes resync the Routes. */
  systemNamespace?: string;
  now?: () => Date;
}
