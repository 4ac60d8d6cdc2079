// The PodSpec subset Knative accepts (knative/serving pkg/apis/serving/fieldmask.go): per core type, the
// fields a Revision may set, some only behind a config-features flag. Used by validation (disallowed
// fields) and by the CRD schema (flag-gated fields stay in the schema, as in Knative's CRDs).
import { type ApiConfig, featureAllowed, featureFlag } from '../core/config';
import type { CoreSchemaProfile } from '../core/k8s-schema';

interface MaskedField {
  name: string;
  /** config-features key; the field is allowed unless the flag is Disabled. */
  flag?: string;
}

const f = (name: string, flag?: string): MaskedField => (flag ? { name, flag } : { name });

export const MASKS: Record<string, MaskedField[]> = {
  V1PodSpec: [
    f('serviceAccountName'),
    f('containers'),
    f('volumes'),
    f('imagePullSecrets'),
    f('enableServiceLinks'),
    f('affinity', 'kubernetes.podspec-affinity'),
    f('topologySpreadConstraints', 'kubernetes.podspec-topologyspreadconstraints'),
    f('hostAliases', 'kubernetes.podspec-hostaliases'),
    f('nodeSelector', 'kubernetes.podspec-nodeselector'),
    f('runtimeClassName', 'kubernetes.podspec-runtimeclassname'),
    f('tolerations', 'kubernetes.podspec-tolerations'),
    f('securityContext', 'kubernetes.podspec-securitycontext'),
    f('shareProcessNamespace', 'kubernetes.podspec-shareprocessnamespace'),
    f('priorityClassName', 'kubernetes.podspec-priorityclassname'),
    f('schedulerName', 'kubernetes.podspec-schedulername'),
    f('initContainers', 'kubernetes.podspec-init-containers'),
    f('dnsPolicy', 'kubernetes.podspec-dnspolicy'),
    f('dnsConfig', 'kubernetes.podspec-dnsconfig'),
    f('hostIPC', 'kubernetes.podspec-hostipc'),
    f('hostPID', 'kubernetes.podspec-hostpid'),
    f('hostNetwork', 'kubernetes.podspec-hostnetwork'),
  ],
  V1Container: [
    'name',
    'args',
    'command',
    'env',
    'workingDir',
    'envFrom',
    'image',
    'imagePullPolicy',
    'livenessProbe',
    'ports',
    'readinessProbe',
    'resources',
    'securityContext',
    'startupProbe',
    'terminationMessagePath',
    'terminationMessagePolicy',
    'volumeMounts',
  ].map((n) => f(n)),
  V1Volume: [
    f('name'),
    f('secret'),
    f('configMap'),
    f('projected'),
    f('emptyDir', 'kubernetes.podspec-volumes-emptydir'),
    f('persistentVolumeClaim', 'kubernetes.podspec-persistent-volume-claim'),
    f('hostPath', 'kubernetes.podspec-volumes-hostpath'),
    f('csi', 'kubernetes.podspec-volumes-csi'),
    f('ephemeral', 'kubernetes.podspec-volumes-ephemeral'),
    f('image', 'kubernetes.podspec-volumes-image'),
  ],
  V1VolumeProjection: ['secret', 'configMap', 'serviceAccountToken', 'downwardAPI'].map((n) => f(n)),
  V1ConfigMapProjection: ['name', 'items', 'optional'].map((n) => f(n)),
  V1SecretProjection: ['name', 'items', 'optional'].map((n) => f(n)),
  V1ServiceAccountTokenProjection: ['audience', 'expirationSeconds', 'path'].map((n) => f(n)),
  V1DownwardAPIProjection: [f('items')],
  V1DownwardAPIVolumeFile: ['fieldRef', 'resourceFieldRef', 'path', 'mode'].map((n) => f(n)),
  V1KeyToPath: ['key', 'path', 'mode'].map((n) => f(n)),
  V1VolumeMount: [
    f('name'),
    f('readOnly'),
    f('mountPath'),
    f('subPath'),
    f('mountPropagation', 'kubernetes.podspec-volumes-mount-propagation'),
  ],
  V1Probe: [
    'exec',
    'httpGet',
    'tcpSocket',
    'grpc',
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
    'terminationGracePeriodSeconds',
  ].map((n) => f(n)),
  V1ExecAction: [f('command')],
  V1HTTPGetAction: ['host', 'path', 'scheme', 'httpHeaders', 'port'].map((n) => f(n)),
  V1TCPSocketAction: ['host', 'port'].map((n) => f(n)),
  V1GRPCAction: ['port', 'service'].map((n) => f(n)),
  V1ContainerPort: ['containerPort', 'name', 'protocol'].map((n) => f(n)),
  V1EnvVar: ['name', 'value', 'valueFrom'].map((n) => f(n)),
  V1EnvVarSource: [
    f('configMapKeyRef'),
    f('secretKeyRef'),
    f('fieldRef', 'kubernetes.podspec-fieldref'),
    f('resourceFieldRef', 'kubernetes.podspec-fieldref'),
  ],
  V1LocalObjectReference: [f('name')],
  V1ConfigMapKeySelector: ['key', 'optional', 'name'].map((n) => f(n)),
  V1SecretKeySelector: ['key', 'optional', 'name'].map((n) => f(n)),
  V1ConfigMapEnvSource: ['optional', 'name'].map((n) => f(n)),
  V1SecretEnvSource: ['optional', 'name'].map((n) => f(n)),
  V1EnvFromSource: ['prefix', 'configMapRef', 'secretRef'].map((n) => f(n)),
  V1ResourceRequirements: ['limits', 'requests'].map((n) => f(n)),
  V1SecurityContext: [
    'capabilities',
    'readOnlyRootFilesystem',
    'runAsUser',
    'runAsGroup',
    'runAsNonRoot',
    'allowPrivilegeEscalation',
    'seccompProfile',
  ].map((n) => f(n)),
  V1Capabilities: [f('drop'), f('add', 'kubernetes.containerspec-addcapabilities')],
  V1PodSecurityContext: [
    'runAsUser',
    'runAsGroup',
    'runAsNonRoot',
    'fsGroup',
    'supplementalGroups',
    'seccompProfile',
  ].map((n) => f(n)),
  V1ImageVolumeSource: ['reference', 'pullPolicy'].map((n) => f(n)),
  V1ObjectReference: ['apiVersion', 'kind', 'name'].map((n) => f(n)),
};

/** Field names of `model` that the given config allows. */
export function allowedFields(model: string, config: ApiConfig): string[] {
  const mask = MASKS[model];
  if (!mask) throw new Error(`no field mask for ${model}`);
  return mask.filter((m) => !m.flag || featureFlag(config, m.flag) !== 'Disabled').map((m) => m.name);
}

export { featureAllowed };

/** Knative's CRD view of a PodSpec: every masked field (flagged ones included); opaque where Knative is. */
export const REVISION_PODSPEC_PROFILE: CoreSchemaProfile = {
  fields: {
    ...Object.fromEntries(Object.entries(MASKS).map(([k, v]) => [k, v.map((m) => m.name)])),
    // Allowed only as `false` by the webhook; the schema must still carry them.
    V1PodSpec: [...MASKS.V1PodSpec!.map((m) => m.name), 'automountServiceAccountToken'],
    V1SecurityContext: [...MASKS.V1SecurityContext!.map((m) => m.name), 'privileged'],
  },
  preserve: [
    'V1PodSpec.affinity',
    'V1PodSpec.dnsConfig',
    'V1PodSpec.securityContext',
    'V1PodSpec.hostAliases',
    'V1PodSpec.initContainers',
    'V1PodSpec.tolerations',
    'V1PodSpec.topologySpreadConstraints',
    'V1EnvVarSource.fieldRef',
    'V1EnvVarSource.resourceFieldRef',
    'V1Volume.csi',
    'V1Volume.emptyDir',
    'V1Volume.ephemeral',
    'V1Volume.hostPath',
    'V1Volume.image',
    'V1Volume.persistentVolumeClaim',
  ],
  // Knative defaults these: a container name, and probe ports (to the user port).
  optional: ['V1Container.name', 'V1HTTPGetAction.port', 'V1TCPSocketAction.port', 'V1GRPCAction.port'],
};
