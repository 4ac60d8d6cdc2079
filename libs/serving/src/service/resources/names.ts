import type { KubeObject } from '@kuack/controller';

/** A Service's Configuration and Route carry the Service's own name. */
export const configurationName = (service: KubeObject): string => service.metadata.name as string;
export const routeName = (service: KubeObject): string => service.metadata.name as string;
