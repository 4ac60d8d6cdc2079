import type { Ingress } from '@kuack/api';

export const INGRESS_CLASS_ANNOTATION = 'networking.knative.dev/ingress.class';
export const KUACK_INGRESS_CLASS = 'kuack.ingress.networking.knative.dev';

/** Knative's class filter: only Ingresses that name this class explicitly (no default class). */
export function hasIngressClass(ing: Ingress, ingressClass: string): boolean {
  return ing.metadata?.annotations?.[INGRESS_CLASS_ANNOTATION] === ingressClass;
}
