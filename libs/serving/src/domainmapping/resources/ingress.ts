import { type DomainMapping, type IngressTLS, ServingLabels, childName } from '@kuack/api';
import { type KubeObject, ownerRefTo } from '@kuack/controller';
import { type IngressObject, KINGRESS } from '../../resources/kinds';
import { INGRESS_CLASS_ANNOTATION } from '../../resources/networking';

export const DOMAIN_MAPPING = { apiVersion: 'serving.knative.dev/v1beta1', kind: 'DomainMapping' };
export type DomainMappingObject = Omit<DomainMapping, 'metadata'> &
  KubeObject & { spec: NonNullable<DomainMapping['spec']> };

/** The header carrying the host the client asked for, once the gateway rewrote it (networking's OriginalHostKey). */
export const OriginalHostHeader = 'K-Original-Host';

const EXCLUDED_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'networking.knative.dev/certificate-class',
  'networking.knative.dev/ingress-class',
]);

/**
 * The KIngress of a DomainMapping (resources.MakeIngress): one external rule for the mapping's name whose
 * path rewrites the host to the target's cluster host and sends 100% to the target's Service (port 80),
 * appending K-Original-Host; labelled with the mapping's UID and namespace, owned by it.
 */
export function makeDomainMappingIngress(
  dm: DomainMappingObject,
  target: { serviceName: string; host: string },
  options: { ingressClass: string; httpOption?: 'Enabled' | 'Redirected'; tls?: IngressTLS[] },
): IngressObject {
  const ns = dm.metadata.namespace as string;
  const name = dm.metadata.name as string;
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries({
    [INGRESS_CLASS_ANNOTATION]: options.ingressClass,
    ...dm.metadata.annotations,
  }))
    if (!EXCLUDED_ANNOTATIONS.has(k)) annotations[k] = v;
  return {
    apiVersion: KINGRESS.apiVersion,
    kind: KINGRESS.kind,
    metadata: {
      name: childName(name, ''),
      namespace: ns,
      annotations,
      labels: {
        ...dm.metadata.labels,
        [ServingLabels.domainMappingUID]: dm.metadata.uid as string,
        [ServingLabels.domainMappingNamespace]: ns,
      },
      ownerReferences: [ownerRefTo(dm)],
    },
    spec: {
      ...(options.httpOption ? { httpOption: options.httpOption } : {}),
      ...(options.tls?.length ? { tls: options.tls } : {}),
      rules: [
        {
          hosts: [name],
          visibility: 'ExternalIP',
          http: {
            paths: [
              {
                rewriteHost: target.host,
                splits: [
                  {
                    serviceNamespace: ns,
                    serviceName: target.serviceName,
                    servicePort: 80,
                    percent: 100,
                    appendHeaders: { [OriginalHostHeader]: name },
                  },
                ],
              },
            ],
          },
        },
      ],
    },
  };
}
