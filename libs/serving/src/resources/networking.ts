/** networking.knative.dev annotations the Route writes on its KIngress. */
export const INGRESS_CLASS_ANNOTATION = 'networking.knative.dev/ingress.class';
export const TAG_TO_HOST_ANNOTATION = 'networking.internal.knative.dev/tag-to-host';
export const CERTIFICATE_CLASS_ANNOTATION = 'networking.knative.dev/certificate.class';
