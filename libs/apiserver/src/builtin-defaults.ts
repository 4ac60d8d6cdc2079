import type { FieldError } from './errors';
import type { KubeObject } from './object';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function setIfAbsent(obj: Any, key: string, value: unknown): void {
  if (obj[key] === undefined) obj[key] = value;
}

function defaultContainer(c: Any): void {
  setIfAbsent(c, 'terminationMessagePath', '/dev/termination-log');
  setIfAbsent(c, 'terminationMessagePolicy', 'File');
  setIfAbsent(c, 'resources', {});
  if (c.imagePullPolicy === undefined) {
    const image = String(c.image ?? '');
    const tag = image.includes('@') ? 'digest' : /:[^/]+$/.exec(image)?.[0];
    c.imagePullPolicy = !tag || tag === ':latest' ? 'Always' : 'IfNotPresent';
  }
  for (const p of (c.ports ?? []) as Any[]) setIfAbsent(p, 'protocol', 'TCP');
}

/** The defaults kube-apiserver gives a PodSpec (the ones clients commonly see). */
export function defaultPodSpec(spec: Any): void {
  setIfAbsent(spec, 'restartPolicy', 'Always');
  setIfAbsent(spec, 'terminationGracePeriodSeconds', 30);
  setIfAbsent(spec, 'dnsPolicy', 'ClusterFirst');
  setIfAbsent(spec, 'securityContext', {});
  setIfAbsent(spec, 'schedulerName', 'default-scheduler');
  for (const c of [...((spec.containers ?? []) as Any[]), ...((spec.initContainers ?? []) as Any[])])
    defaultContainer(c);
}

export function defaultPod(obj: KubeObject): void {
  const spec = ((obj.spec as Any) ??= {});
  defaultPodSpec(spec);
  setIfAbsent(spec, 'enableServiceLinks', true);
  setIfAbsent(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  setIfAbsent(spec, 'priority', 0);
  setIfAbsent(spec, 'serviceAccountName', 'default');
  setIfAbsent(spec, 'serviceAccount', spec.serviceAccountName);
  setIfAbsent(spec, 'tolerations', [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    {
      key: 'node.kubernetes.io/unreachable',
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: 300,
    },
  ]);
}

export function preparePodCreate(obj: KubeObject): void {
  obj.status = { phase: 'Pending', qosClass: 'BestEffort' };
}

function defaultTemplate(obj: KubeObject): void {
  const spec = ((obj.spec as Any) ??= {});
  const template = (spec.template ??= {});
  template.metadata ??= {};
  defaultPodSpec((template.spec ??= {}));
}

export function defaultDeployment(obj: KubeObject): void {
  const spec = ((obj.spec as Any) ??= {});
  setIfAbsent(spec, 'replicas', 1);
  setIfAbsent(spec, 'strategy', { type: 'RollingUpdate' });
  if (spec.strategy.type === 'RollingUpdate') {
    spec.strategy.rollingUpdate ??= {};
    setIfAbsent(spec.strategy.rollingUpdate, 'maxUnavailable', '25%');
    setIfAbsent(spec.strategy.rollingUpdate, 'maxSurge', '25%');
  }
  setIfAbsent(spec, 'revisionHistoryLimit', 10);
  setIfAbsent(spec, 'progressDeadlineSeconds', 600);
  defaultTemplate(obj);
}

export function defaultReplicaSet(obj: KubeObject): void {
  const spec = ((obj.spec as Any) ??= {});
  setIfAbsent(spec, 'replicas', 1);
  defaultTemplate(obj);
}

function validateTemplateSelector(obj: KubeObject): FieldError[] {
  const spec = (obj.spec as Any) ?? {};
  const errors: FieldError[] = [];
  if (!spec.selector) {
    errors.push({ type: 'FieldValueRequired', field: 'spec.selector', detail: '' });
    return errors;
  }
  const labels = (spec.template?.metadata?.labels ?? {}) as Record<string, string>;
  const wanted = (spec.selector.matchLabels ?? {}) as Record<string, string>;
  if (Object.entries(wanted).some(([k, v]) => labels[k] !== v)) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'spec.template.metadata.labels',
      value: labels,
      detail: '`selector` does not match template `labels`',
    });
  }
  errors.push(...validateContainers(spec.template?.spec, 'spec.template.spec'));
  return errors;
}

export function validateContainers(podSpec: Any | undefined, field: string): FieldError[] {
  const containers = (podSpec?.containers ?? []) as Any[];
  if (containers.length === 0)
    return [{ type: 'FieldValueRequired', field: `${field}.containers`, detail: '' }];
  const errors: FieldError[] = [];
  containers.forEach((c, i) => {
    if (!c.name)
      errors.push({ type: 'FieldValueRequired', field: `${field}.containers[${i}].name`, detail: '' });
    if (!c.image)
      errors.push({ type: 'FieldValueRequired', field: `${field}.containers[${i}].image`, detail: '' });
  });
  return errors;
}

export function validateDeployment(obj: KubeObject): FieldError[] {
  return validateTemplateSelector(obj);
}

export function validatePod(obj: KubeObject): FieldError[] {
  return validateContainers(obj.spec as Any, 'spec');
}

let nextServiceIp = 1;
/** Cluster IPs from 10.96.0.0/12 (the address is informational in local mode; endpoints carry traffic). */
export function defaultService(obj: KubeObject, old?: KubeObject): void {
  const spec = ((obj.spec as Any) ??= {});
  setIfAbsent(spec, 'type', 'ClusterIP');
  setIfAbsent(spec, 'sessionAffinity', 'None');
  for (const p of (spec.ports ?? []) as Any[]) {
    setIfAbsent(p, 'protocol', 'TCP');
    setIfAbsent(p, 'targetPort', p.port);
  }
  if (spec.type !== 'ExternalName') {
    const oldSpec = (old?.spec as Any) ?? {};
    if (spec.clusterIP === undefined || spec.clusterIP === '') {
      spec.clusterIP =
        oldSpec.clusterIP ?? `10.96.${Math.floor(nextServiceIp / 250)}.${(nextServiceIp++ % 250) + 1}`;
    }
    setIfAbsent(spec, 'clusterIPs', [spec.clusterIP]);
    setIfAbsent(spec, 'ipFamilies', ['IPv4']);
    setIfAbsent(spec, 'ipFamilyPolicy', 'SingleStack');
    setIfAbsent(spec, 'internalTrafficPolicy', 'Cluster');
  }
}

export function prepareServiceCreate(obj: KubeObject): void {
  obj.status = { loadBalancer: {} };
}

export function defaultNamespace(obj: KubeObject): void {
  obj.metadata.labels = {
    ...(obj.metadata.labels ?? {}),
    'kubernetes.io/metadata.name': obj.metadata.name ?? '',
  };
  const spec = ((obj.spec as Any) ??= {});
  setIfAbsent(spec, 'finalizers', ['kubernetes']);
  const status = ((obj.status as Any) ??= {});
  setIfAbsent(status, 'phase', 'Active');
}

export function defaultSecret(obj: KubeObject): void {
  setIfAbsent(obj as Any, 'type', 'Opaque');
  const data = (obj as Any).data as Record<string, string> | undefined;
  const stringData = (obj as Any).stringData as Record<string, string> | undefined;
  if (stringData) {
    const merged: Record<string, string> = { ...(data ?? {}) };
    for (const [k, v] of Object.entries(stringData)) merged[k] = Buffer.from(String(v)).toString('base64');
    (obj as Any).data = merged;
    delete (obj as Any).stringData;
  }
}

export function validateService(obj: KubeObject): FieldError[] {
  const spec = (obj.spec as Any) ?? {};
  if (spec.type !== 'ExternalName' && spec.clusterIP !== 'None' && !((spec.ports ?? []) as Any[]).length) {
    return [{ type: 'FieldValueRequired', field: 'spec.ports', detail: '' }];
  }
  return ((spec.ports ?? []) as Any[]).flatMap((p, i): FieldError[] =>
    Number.isInteger(p.port) && p.port > 0 && p.port < 65536
      ? []
      : [
          {
            type: 'FieldValueInvalid',
            field: `spec.ports[${i}].port`,
            value: p.port,
            detail: 'must be between 1 and 65535, inclusive',
          },
        ],
  );
}
