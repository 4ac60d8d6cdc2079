import { childName } from '@kuack/api';

/** The KIngress of a Route carries the Route's name (kmeta.ChildName with no suffix). */
export const ingressName = (routeName: string): string => childName(routeName, '');
