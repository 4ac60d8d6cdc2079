// Validation of the PodSpec inside a Revision (knative/serving pkg/apis/serving/k8s_validation.go): the
// allowed field subset, one user container port, reserved ports/env/names/paths, probes, volumes.
import type {
  V1Container,
  V1ContainerPort,
  V1EnvFromSource,
  V1EnvVar,
  V1PodSecurityContext,
  V1PodSpec,
  V1Probe,
  V1SecurityContext,
  V1Volume,
  V1VolumeMount,
  V1VolumeProjection,
} from '@kubernetes/client-node';
import { type ApiConfig, featureFlag } from '../core/config';
import {
  FieldErrors,
  errGeneric,
  errInvalidValue,
  errMissingField,
  errMissingOneOf,
  errMultipleOneOf,
  errOutOfBoundsValue,
  errDisallowedFields,
} from '../core/field-error';
import { isDNS1123Label, isDNS1123Subdomain } from '../core/names';
import { allowedFields } from './fieldmask';
import {
  RESERVED_CONTAINER_NAMES,
  RESERVED_ENV_VARS,
  RESERVED_MOUNT_PATHS,
  RESERVED_PORTS,
  RESERVED_SIDECAR_ENV_VARS,
} from './register';

const MAX_INT32 = 2147483647;
type Json = Record<string, unknown>;

/** Go's omitempty view: zero values count as unset for the disallowed-field check. */
function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as object).length === 0;
}

/** Keys set on `value` that the mask of `model` does not allow (sorted, like Knative's JSON diff). */
export function disallowed(
  value: object | undefined,
  model: string,
  config: ApiConfig,
  extraAllowed: (k: string, v: unknown) => boolean = () => false,
): FieldErrors {
  if (!value) return FieldErrors.none;
  const allowed = allowedFields(model, config);
  const bad = Object.entries(value as Json)
    .filter(([k, v]) => !allowed.includes(k) && !isZero(v) && !extraAllowed(k, v))
    .map(([k]) => k)
    .sort();
  return bad.length ? errDisallowedFields(...bad) : FieldErrors.none;
}

type ContainerKind = 'user' | 'sidecar' | 'init';

interface Ctx {
  config: ApiConfig;
  kind?: ContainerKind;
}

function flagOn(config: ApiConfig, key: string): boolean {
  return featureFlag(config, key) === 'Enabled';
}

export function validatePodSpec(ps: V1PodSpec | undefined, config: ApiConfig): FieldErrors {
  const spec = ps ?? ({} as V1PodSpec);
  const ctx: Ctx = { config };
  let errs = disallowed(
    spec,
    'V1PodSpec',
    config,
    (k, v) => k === 'automountServiceAccountToken' && v === false,
  );
  errs = errs.also(validatePodSecurityContext(spec.securityContext, config).viaField('securityContext'));
  const containers = spec.containers ?? [];
  const initContainers = spec.initContainers ?? [];
  containers.forEach((c, i) => {
    errs = errs.also(
      warnDefaultContainerSecurityContext(config, spec.securityContext, c.securityContext)
        .viaField('securityContext')
        .viaFieldIndex('containers', i),
    );
  });
  initContainers.forEach((c, i) => {
    errs = errs.also(
      warnDefaultContainerSecurityContext(config, spec.securityContext, c.securityContext)
        .viaField('securityContext')
        .viaFieldIndex('initContainers', i),
    );
  });
  const mounted = new Set(
    [...initContainers, ...containers].flatMap((c) => (c.volumeMounts ?? []).map((m) => m.name)),
  );
  const { volumes, errs: volErrs } = validateVolumes(spec.volumes ?? [], mounted, config);
  errs = errs.also(volErrs.viaField('volumes'));
  errs = errs.also(validateInitContainers(initContainers, containers, volumes, ctx));
  const { port, errs: portErrs } = validateContainersPorts(containers);
  errs = errs.also(portErrs.viaField('containers[*]'));
  if (containers.length === 0) {
    errs = errs.also(errMissingField('containers'));
  } else if (containers.length === 1) {
    errs = errs.also(
      validateUserContainer(containers[0]!, volumes, port, { config, kind: 'user' }).viaFieldIndex(
        'containers',
        0,
      ),
    );
  } else {
    errs = errs.also(validateContainers(containers, volumes, port, ctx));
  }
  if (spec.serviceAccountName) {
    for (const m of isDNS1123Subdomain(spec.serviceAccountName))
      errs = errs.also(errInvalidValue(spec.serviceAccountName, 'serviceAccountName', m));
  }
  return errs;
}

function validateInitContainers(
  containers: V1Container[],
  others: V1Container[],
  volumes: Map<string, V1Volume>,
  ctx: Ctx,
): FieldErrors {
  if (containers.length === 0) return FieldErrors.none;
  if (!flagOn(ctx.config, 'kubernetes.podspec-init-containers')) {
    return errGeneric(
      `pod spec support for init-containers is off, but found ${containers.length} init containers`,
    );
  }
  let errs = FieldErrors.none;
  const names = new Set(others.map((c) => c.name));
  containers.forEach((c, i) => {
    if (names.has(c.name))
      errs = errs.also(
        errGeneric(`duplicate container name ${JSON.stringify(c.name)}`, 'name').viaFieldIndex(
          'containers',
          i,
        ),
      );
    errs = errs.also(validateInitContainer(c, volumes, ctx).viaFieldIndex('containers', i));
  });
  return errs;
}

function validateContainers(
  containers: V1Container[],
  volumes: Map<string, V1Volume>,
  port: V1ContainerPort,
  ctx: Ctx,
): FieldErrors {
  if (!flagOn(ctx.config, 'multi-container')) {
    return errGeneric(`multi-container is off, but found ${containers.length} containers`);
  }
  let errs = FieldErrors.none;
  const names = new Set<string>();
  containers.forEach((c, i) => {
    if (names.has(c.name))
      errs = errs.also(
        errGeneric(`duplicate container name ${JSON.stringify(c.name)}`, 'name').viaFieldIndex(
          'containers',
          i,
        ),
      );
    else names.add(c.name);
    const e =
      (c.ports ?? []).length === 0
        ? validateSidecarContainer(c, volumes, { config: ctx.config, kind: 'sidecar' })
        : validateUserContainer(c, volumes, port, { config: ctx.config, kind: 'user' });
    errs = errs.also(e.viaFieldIndex('containers', i));
  });
  return errs;
}

function validateContainersPorts(containers: V1Container[]): { port: V1ContainerPort; errs: FieldErrors } {
  let count = 0;
  let port: V1ContainerPort = { containerPort: 0 };
  for (const c of containers) {
    if ((c.ports ?? []).length > 0) {
      count += c.ports!.length;
      port = { ...c.ports![0]! };
    }
  }
  if (!port.name) port.name = 'http';
  if (!port.containerPort) port.containerPort = 8080;
  if (count === 0 && containers.length > 1) return { port, errs: errMissingField('ports') };
  if (count > 1) {
    return {
      port,
      errs: FieldErrors.of(
        'more than one container port is set',
        ['ports'],
        'Only a single port is allowed across all containers',
      ),
    };
  }
  return { port, errs: FieldErrors.none };
}

function validateSidecarContainer(c: V1Container, volumes: Map<string, V1Volume>, ctx: Ctx): FieldErrors {
  let errs = FieldErrors.none;
  const probes: Array<['livenessProbe' | 'readinessProbe' | 'startupProbe', V1Probe | undefined]> = [
    ['livenessProbe', c.livenessProbe],
    ['readinessProbe', c.readinessProbe],
    ['startupProbe', c.startupProbe],
  ];
  if (!flagOn(ctx.config, 'multi-container-probing')) {
    for (const [name, p] of probes) {
      // Only an empty probe is allowed on a sidecar without multi-container probing.
      if (p) errs = errs.also(disallowedAll(p).viaField(name));
    }
  } else {
    errs = errs.also(validateProbe(c.livenessProbe, undefined, false).viaField('livenessProbe'));
    errs = errs.also(validateReadinessProbe(c.readinessProbe, undefined, false).viaField('readinessProbe'));
    errs = errs.also(validateProbe(c.startupProbe, undefined, false).viaField('startupProbe'));
  }
  return errs.also(validateContainer(c, volumes, ctx));
}

function disallowedAll(value: object): FieldErrors {
  const bad = Object.entries(value as Json)
    .filter(([, v]) => !isZero(v))
    .map(([k]) => k)
    .sort();
  return bad.length ? errDisallowedFields(...bad) : FieldErrors.none;
}

function validateInitContainer(c: V1Container, volumes: Map<string, V1Volume>, ctx: Ctx): FieldErrors {
  let errs = FieldErrors.none;
  for (const k of ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'] as const) {
    if (c[k]) errs = errs.also(errGeneric('field not allowed in an init container', k));
  }
  return errs.also(validateContainer(c, volumes, { config: ctx.config, kind: 'init' }));
}

export function validateUserContainer(
  c: V1Container,
  volumes: Map<string, V1Volume>,
  port: V1ContainerPort,
  ctx: Ctx,
): FieldErrors {
  let errs = validateProbe(c.livenessProbe, port, true).viaField('livenessProbe');
  errs = errs.also(validateReadinessProbe(c.readinessProbe, port, true).viaField('readinessProbe'));
  errs = errs.also(validateProbe(c.startupProbe, port, true).viaField('startupProbe'));
  return errs.also(validateContainer(c, volumes, ctx));
}

function validateContainer(c: V1Container, volumes: Map<string, V1Volume>, ctx: Ctx): FieldErrors {
  if (isZero(c)) return errMissingField('');
  const { config } = ctx;
  let errs = disallowed(c, 'V1Container', config);
  if (c.name && RESERVED_CONTAINER_NAMES.has(c.name))
    errs = errs.also(errGeneric(`${JSON.stringify(c.name)} is a reserved container name`, 'name'));
  errs = errs.also(validateEnv(c.env ?? [], ctx).viaField('env'));
  errs = errs.also(validateEnvFrom(c.envFrom ?? [], config).viaField('envFrom'));
  if (!c.image) {
    errs = errs.also(errMissingField('image'));
  } else if (!isImageReference(c.image)) {
    errs = errs.also(
      FieldErrors.of(
        'Failed to parse image reference',
        ['image'],
        `image: ${JSON.stringify(c.image)}, error: could not parse reference: ${c.image}`,
      ),
    );
  }
  errs = errs.also(
    (ctx.kind === 'init'
      ? validateInitContainerPorts(c.ports ?? [], config)
      : validateContainerPorts(c.ports ?? [], config)
    ).viaField('ports'),
  );
  errs = errs.also(disallowed(c.resources, 'V1ResourceRequirements', config).viaField('resources'));
  errs = errs.also(validateSecurityContext(c.securityContext, config).viaField('securityContext'));
  const tmp = c.terminationMessagePolicy;
  if (tmp && tmp !== 'File' && tmp !== 'FallbackToLogsOnError')
    errs = errs.also(errInvalidValue(tmp, 'terminationMessagePolicy'));
  errs = errs.also(validateVolumeMounts(c.volumeMounts ?? [], volumes, config).viaField('volumeMounts'));
  return errs;
}

/** go-containerregistry's weak reference validation: [registry/]repo[:tag][@digest], lowercase repository. */
export function isImageReference(image: string): boolean {
  const m =
    /^((?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::([\w][\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$/.exec(
      image,
    );
  return !!m;
}

function validateEnv(env: V1EnvVar[], ctx: Ctx): FieldErrors {
  const reserved =
    ctx.kind === 'sidecar' || ctx.kind === 'init' ? RESERVED_SIDECAR_ENV_VARS : RESERVED_ENV_VARS;
  let errs = FieldErrors.none;
  env.forEach((e, i) => {
    let ee = disallowed(e, 'V1EnvVar', ctx.config);
    if (!e.name) ee = ee.also(errMissingField('name'));
    else if (reserved.has(e.name))
      ee = ee.also(errGeneric(`${JSON.stringify(e.name)} is a reserved environment variable`, 'name'));
    if (e.valueFrom)
      ee = ee.also(disallowed(e.valueFrom, 'V1EnvVarSource', ctx.config).viaField('valueFrom'));
    errs = errs.also(ee.viaIndex(i));
  });
  return errs;
}

function validateEnvFrom(list: V1EnvFromSource[], config: ApiConfig): FieldErrors {
  let errs = FieldErrors.none;
  list.forEach((ef, i) => {
    errs = errs.also(disallowed(ef, 'V1EnvFromSource', config).viaIndex(i));
    if (ef.secretRef)
      errs = errs.also(
        disallowed(ef.secretRef, 'V1SecretEnvSource', config).viaIndex(i).viaField('secretRef'),
      );
    if (ef.configMapRef)
      errs = errs.also(
        disallowed(ef.configMapRef, 'V1ConfigMapEnvSource', config).viaIndex(i).viaField('configMapRef'),
      );
    if (ef.configMapRef && ef.secretRef) errs = errs.also(errMultipleOneOf('configMapRef', 'secretRef'));
    else if (!ef.configMapRef && !ef.secretRef)
      errs = errs.also(errMissingOneOf('configMapRef', 'secretRef'));
  });
  return errs;
}

function validateContainerPortBasic(p: V1ContainerPort, config: ApiConfig): FieldErrors {
  let errs = disallowed(p, 'V1ContainerPort', config);
  const n = p.containerPort ?? 0;
  if (RESERVED_PORTS.has(n)) {
    errs = errs.also(
      errInvalidValue(
        `${n} is a reserved port`,
        'containerPort',
        `${n} is a reserved port, please use a different value`,
      ),
    );
  }
  if (n < 0 || n > 65535) errs = errs.also(errOutOfBoundsValue(n, 0, 65535, 'containerPort'));
  return errs;
}

function validateContainerPorts(ports: V1ContainerPort[], config: ApiConfig): FieldErrors {
  if (ports.length === 0) return FieldErrors.none;
  const p = ports[0]!;
  let errs = validateContainerPortBasic(p, config);
  if (p.protocol && p.protocol !== 'TCP') errs = errs.also(errInvalidValue(p.protocol, 'protocol'));
  if (p.name && p.name !== 'h2c' && p.name !== 'http1') {
    errs = errs.also(
      FieldErrors.of(
        `Port name ${p.name} is not allowed`,
        [''],
        "Name must be empty, or one of: 'h2c', 'http1'",
      ),
    );
  }
  return errs;
}

function validateInitContainerPorts(ports: V1ContainerPort[], config: ApiConfig): FieldErrors {
  return ports.reduce((e, p) => e.also(validateContainerPortBasic(p, config)), FieldErrors.none);
}

function portString(p: number | string | undefined): string {
  return p === undefined ? '0' : String(p);
}

function validateProbe(
  p: V1Probe | undefined,
  port: V1ContainerPort | undefined,
  isUser: boolean,
): FieldErrors {
  if (!p) return FieldErrors.none;
  const config = { features: {} } as unknown as ApiConfig;
  let errs = disallowed(p, 'V1Probe', config);
  const handlers: string[] = [];
  if (p.httpGet) {
    handlers.push('httpGet');
    errs = errs.also(disallowed(p.httpGet, 'V1HTTPGetAction', config).viaField('httpGet'));
    errs = errs.also(probePort(p.httpGet.port, port, isUser, 'httpGet.port'));
  }
  if (p.tcpSocket) {
    handlers.push('tcpSocket');
    errs = errs.also(disallowed(p.tcpSocket, 'V1TCPSocketAction', config).viaField('tcpSocket'));
    errs = errs.also(probePort(p.tcpSocket.port, port, isUser, 'tcpSocket.port'));
  }
  if (p.exec) {
    handlers.push('exec');
    errs = errs.also(disallowed(p.exec, 'V1ExecAction', config).viaField('exec'));
  }
  if (p.grpc) {
    handlers.push('gRPC');
    errs = errs.also(disallowed(p.grpc, 'V1GRPCAction', config).viaField('grpc'));
  }
  if (handlers.length === 0) errs = errs.also(errMissingOneOf('httpGet', 'tcpSocket', 'exec', 'grpc'));
  else if (handlers.length > 1) errs = errs.also(errMultipleOneOf(...handlers));
  return errs;
}

function probePort(
  p: number | string | undefined,
  port: V1ContainerPort | undefined,
  isUser: boolean,
  path: string,
): FieldErrors {
  if (isUser) {
    if (typeof p === 'string' && p !== '' && p !== port?.name)
      return errInvalidValue(p, path, 'Probe port must match container port');
  } else if (p === undefined || p === '' || p === 0) {
    return errInvalidValue(portString(p), path, 'Probe port must be specified');
  }
  return FieldErrors.none;
}

function validateReadinessProbe(
  p: V1Probe | undefined,
  port: V1ContainerPort | undefined,
  isUser: boolean,
): FieldErrors {
  if (!p) return FieldErrors.none;
  let errs = validateProbe(p, port, isUser);
  const period = p.periodSeconds ?? 0;
  const initial = p.initialDelaySeconds ?? 0;
  const success = p.successThreshold ?? 0;
  const failure = p.failureThreshold ?? 0;
  const timeout = p.timeoutSeconds ?? 0;
  if (period < 0) errs = errs.also(errOutOfBoundsValue(period, 0, MAX_INT32, 'periodSeconds'));
  if (initial < 0) errs = errs.also(errOutOfBoundsValue(initial, 0, MAX_INT32, 'initialDelaySeconds'));
  if (success < 1) errs = errs.also(errOutOfBoundsValue(success, 1, MAX_INT32, 'successThreshold'));
  if (period === 0) {
    if (failure !== 0)
      errs = errs.also(
        errGeneric('failureThreshold is disallowed when periodSeconds is zero', 'failureThreshold'),
      );
    if (timeout !== 0)
      errs = errs.also(
        errGeneric('timeoutSeconds is disallowed when periodSeconds is zero', 'timeoutSeconds'),
      );
  } else {
    if (timeout < 1) errs = errs.also(errOutOfBoundsValue(timeout, 1, MAX_INT32, 'timeoutSeconds'));
    if (failure < 1) errs = errs.also(errOutOfBoundsValue(failure, 1, MAX_INT32, 'failureThreshold'));
  }
  return errs;
}

function validateSecurityContext(sc: V1SecurityContext | undefined, config: ApiConfig): FieldErrors {
  if (!sc) return FieldErrors.none;
  const secure = ['Enabled', 'AllowRootBounded'].includes(featureFlag(config, 'secure-pod-defaults'));
  let errs = disallowed(sc, 'V1SecurityContext', config, (k, v) => k === 'privileged' && v === false);
  if (sc.capabilities) {
    errs = errs.also(
      disallowed(
        sc.capabilities,
        'V1Capabilities',
        config,
        (k, v) => k === 'add' && secure && Array.isArray(v) && v.length === 1 && v[0] === 'NET_BIND_SERVICE',
      ).viaField('capabilities'),
    );
  }
  errs = errs.also(idBounds(sc.runAsUser, 'runAsUser'), idBounds(sc.runAsGroup, 'runAsGroup'));
  return errs;
}

function idBounds(v: number | undefined, path: string): FieldErrors {
  return v !== undefined && (v < 0 || v > MAX_INT32)
    ? errOutOfBoundsValue(v, 0, MAX_INT32, path)
    : FieldErrors.none;
}

function validatePodSecurityContext(sc: V1PodSecurityContext | undefined, config: ApiConfig): FieldErrors {
  if (!sc) return FieldErrors.none;
  let errs: FieldErrors;
  if (featureFlag(config, 'kubernetes.podspec-securitycontext') === 'Disabled') {
    const secure = ['Enabled', 'AllowRootBounded'].includes(featureFlag(config, 'secure-pod-defaults'));
    const okSeccomp = (v: unknown) => {
      const t = (v as { type?: string } | undefined)?.type;
      return (
        secure && (t === 'RuntimeDefault' || t === 'Unconfined') && Object.keys(v as object).length === 1
      );
    };
    errs = disallowedAll(
      Object.fromEntries(Object.entries(sc).filter(([k, v]) => !(k === 'seccompProfile' && okSeccomp(v)))),
    );
  } else {
    errs = disallowed(sc, 'V1PodSecurityContext', config);
  }
  errs = errs.also(
    idBounds(sc.runAsUser, 'runAsUser'),
    idBounds(sc.runAsGroup, 'runAsGroup'),
    idBounds(sc.fsGroup, 'fsGroup'),
  );
  (sc.supplementalGroups ?? []).forEach((g, i) => {
    if (g < 0 || g > MAX_INT32)
      errs = errs.also(errOutOfBoundsValue(g, 0, MAX_INT32, '').viaFieldIndex('supplementalGroups', i));
  });
  return errs;
}

function warnDefaultContainerSecurityContext(
  config: ApiConfig,
  psc: V1PodSecurityContext | undefined,
  sc: V1SecurityContext | undefined,
): FieldErrors {
  if (['Enabled', 'AllowRootBounded'].includes(featureFlag(config, 'secure-pod-defaults')))
    return FieldErrors.none;
  const p = psc ?? {};
  const s = sc ?? {};
  const insecure = (path: string) =>
    errGeneric(
      'Kubernetes default value is insecure, Knative may default this to secure in a future release',
      path,
    ).at('Warning');
  let errs = FieldErrors.none;
  if (p.runAsNonRoot === undefined && s.runAsNonRoot === undefined)
    errs = errs.also(insecure('runAsNonRoot'));
  if (s.allowPrivilegeEscalation === undefined) errs = errs.also(insecure('allowPrivilegeEscalation'));
  if (!s.seccompProfile && !p.seccompProfile) errs = errs.also(insecure('seccompProfile'));
  else if (!p.seccompProfile?.type && !s.seccompProfile?.type)
    errs = errs.also(insecure('seccompProfile.type'));
  if (!s.capabilities) errs = errs.also(insecure('capabilities'));
  else if (!s.capabilities.drop) errs = errs.also(insecure('capabilities.drop'));
  else if (s.capabilities.drop[0] === 'all')
    errs = errs.also(errInvalidValue('all', 'capabilities.drop', "Must be spelled as 'ALL'").at('Warning'));
  return errs;
}

function validateVolumes(
  vs: V1Volume[],
  mounted: Set<string>,
  config: ApiConfig,
): { volumes: Map<string, V1Volume>; errs: FieldErrors } {
  const volumes = new Map<string, V1Volume>();
  let errs = FieldErrors.none;
  vs.forEach((v, i) => {
    if (volumes.has(v.name))
      errs = errs.also(errGeneric(`duplicate volume name ${JSON.stringify(v.name)}`, 'name').viaIndex(i));
    if (!mounted.has(v.name))
      errs = errs.also(
        errGeneric(`volume with name ${JSON.stringify(v.name)} not mounted`, 'name').viaIndex(i),
      );
    errs = errs.also(validateVolume(v, config).viaIndex(i));
    volumes.set(v.name, v);
  });
  return { volumes, errs };
}

const GATED_VOLUMES: Array<[keyof V1Volume, string, string]> = [
  ['image', 'kubernetes.podspec-volumes-image', 'Image'],
  ['emptyDir', 'kubernetes.podspec-volumes-emptydir', 'EmptyDir'],
  ['hostPath', 'kubernetes.podspec-volumes-hostpath', 'HostPath'],
  ['csi', 'kubernetes.podspec-volumes-csi', 'CSI'],
  ['ephemeral', 'kubernetes.podspec-volumes-ephemeral', 'Ephemeral'],
];

function validateVolume(v: V1Volume, config: ApiConfig): FieldErrors {
  let errs = FieldErrors.none;
  const pvc = v.persistentVolumeClaim;
  if (pvc) {
    if (!flagOn(config, 'kubernetes.podspec-persistent-volume-claim')) {
      errs = errs.also(
        errGeneric(
          `Persistent volume claim support is disabled, but found persistent volume claim ${pvc.claimName}`,
        ),
      );
    }
    if (!pvc.readOnly && !flagOn(config, 'kubernetes.podspec-persistent-volume-write')) {
      errs = errs.also(
        errGeneric(
          `Persistent volume write support is disabled, but found persistent volume claim ${pvc.claimName} that is not read-only`,
        ),
      );
    }
  }
  for (const [field, flag, label] of GATED_VOLUMES) {
    if (v[field] && !flagOn(config, flag))
      errs = errs.also(
        errGeneric(`${label} volume support is disabled, but found ${label} volume ${v.name}`),
      );
  }
  errs = errs.also(disallowed(v, 'V1Volume', config));
  // Knative replaces the accumulated errors here (a quirk kept for identical output).
  if (!v.name) errs = errMissingField('name');
  else if (isDNS1123Label(v.name).length) errs = errInvalidValue(v.name, 'name');
  const specified: string[] = [];
  if (v.secret) {
    specified.push('secret');
    (v.secret.items ?? []).forEach(
      (it, i) => (errs = errs.also(validateKeyToPath(it, config).viaFieldIndex('items', i))),
    );
  }
  if (v.configMap) {
    specified.push('configMap');
    (v.configMap.items ?? []).forEach(
      (it, i) => (errs = errs.also(validateKeyToPath(it, config).viaFieldIndex('items', i))),
    );
  }
  if (v.projected) {
    specified.push('projected');
    (v.projected.sources ?? []).forEach(
      (p, i) => (errs = errs.also(validateProjection(p, config).viaFieldIndex('projected', i))),
    );
  }
  if (v.emptyDir) {
    specified.push('emptyDir');
    const medium = v.emptyDir.medium;
    if (medium && medium !== 'Memory')
      errs = errs.also(errInvalidValue(medium, 'medium').viaField('emptyDir'));
    if (typeof v.emptyDir.sizeLimit === 'string' && v.emptyDir.sizeLimit.startsWith('-'))
      errs = errs.also(errInvalidValue(v.emptyDir.sizeLimit, 'sizeLimit').viaField('emptyDir'));
  }
  if (pvc) specified.push('persistentVolumeClaim');
  if (v.hostPath) specified.push('hostPath');
  if (v.csi) specified.push('csi');
  if (v.ephemeral) specified.push('ephemeral');
  if (v.image) {
    specified.push('image');
    let ie = disallowed(v.image, 'V1ImageVolumeSource', config);
    if (!v.image.reference) ie = ie.also(errMissingField('reference'));
    const pp = v.image.pullPolicy;
    if (pp && !['IfNotPresent', 'Always', 'Never'].includes(pp))
      ie = ie.also(errInvalidValue(pp, 'pullPolicy'));
    errs = errs.also(ie.viaField('image'));
  }
  if (specified.length === 0) {
    const paths = ['secret', 'configMap', 'projected'];
    for (const [flag, name] of [
      ['kubernetes.podspec-volumes-emptydir', 'emptyDir'],
      ['kubernetes.podspec-persistent-volume-claim', 'persistentVolumeClaim'],
      ['kubernetes.podspec-volumes-hostpath', 'hostPath'],
      ['kubernetes.podspec-volumes-csi', 'csi'],
      ['kubernetes.podspec-volumes-ephemeral', 'ephemeral'],
      ['kubernetes.podspec-volumes-image', 'image'],
    ] as const) {
      if (flagOn(config, flag)) paths.push(name);
    }
    errs = errs.also(errMissingOneOf(...paths));
  } else if (specified.length > 1) {
    errs = errs.also(errMultipleOneOf(...specified));
  }
  return errs;
}

function validateKeyToPath(k: { key?: string; path?: string }, config: ApiConfig): FieldErrors {
  let errs = disallowed(k, 'V1KeyToPath', config);
  if (!k.key) errs = errs.also(errMissingField('key'));
  if (!k.path) errs = errs.also(errMissingField('path'));
  return errs;
}

function validateProjection(p: V1VolumeProjection, config: ApiConfig): FieldErrors {
  let errs = disallowed(p, 'V1VolumeProjection', config);
  const specified: string[] = [];
  if (p.secret) {
    specified.push('secret');
    let e = disallowed(p.secret, 'V1SecretProjection', config);
    if (!p.secret.name) e = e.also(errMissingField('name'));
    (p.secret.items ?? []).forEach(
      (it, i) => (e = e.also(validateKeyToPath(it, config).viaFieldIndex('items', i))),
    );
    errs = errs.also(e.viaField('secret'));
  }
  if (p.configMap) {
    specified.push('configMap');
    let e = disallowed(p.configMap, 'V1ConfigMapProjection', config);
    if (!p.configMap.name) e = e.also(errMissingField('name'));
    (p.configMap.items ?? []).forEach(
      (it, i) => (e = e.also(validateKeyToPath(it, config).viaFieldIndex('items', i))),
    );
    errs = errs.also(e.viaField('configMap'));
  }
  if (p.serviceAccountToken) {
    specified.push('serviceAccountToken');
    let e = disallowed(p.serviceAccountToken, 'V1ServiceAccountTokenProjection', config);
    if (!p.serviceAccountToken.path) e = e.also(errMissingField('path'));
    errs = errs.also(e.viaField('serviceAccountToken'));
  }
  if (p.downwardAPI) {
    specified.push('downwardAPI');
    let e = disallowed(p.downwardAPI, 'V1DownwardAPIProjection', config);
    (p.downwardAPI.items ?? []).forEach((vf, i) => {
      let fe = disallowed(vf, 'V1DownwardAPIVolumeFile', config);
      if (!vf.fieldRef && !vf.resourceFieldRef) fe = fe.also(errMissingOneOf('fieldRef', 'resourceFieldRef'));
      if (vf.fieldRef && vf.resourceFieldRef)
        fe = fe.also(errGeneric('Within a single item, cannot set both', 'resourceFieldRef', 'fieldRef'));
      if (!vf.path) fe = fe.also(errMissingField('path'));
      e = e.also(fe.viaFieldIndex('items', i));
    });
    errs = errs.also(e.viaField('downwardAPI'));
  }
  if (specified.length === 0)
    errs = errs.also(errMissingOneOf('secret', 'configMap', 'serviceAccountToken', 'downwardAPI'));
  else if (specified.length > 1) errs = errs.also(errMultipleOneOf(...specified));
  return errs;
}

function cleanPath(p: string): string {
  const abs = p.startsWith('/');
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') {
      if (parts.length && parts[parts.length - 1] !== '..') parts.pop();
      else if (!abs) parts.push('..');
    } else parts.push(seg);
  }
  const out = (abs ? '/' : '') + parts.join('/');
  return out || (abs ? '/' : '.');
}

function validateVolumeMounts(
  mounts: V1VolumeMount[],
  volumes: Map<string, V1Volume>,
  config: ApiConfig,
): FieldErrors {
  let errs = FieldErrors.none;
  const seenPaths = new Set<string>();
  mounts.forEach((vm, i) => {
    let e = disallowed(vm, 'V1VolumeMount', config);
    const vol = volumes.get(vm.name);
    if (!vol) e = e.also(errGeneric('volumeMount has no matching volume', 'name'));
    const clean = vm.mountPath ? cleanPath(vm.mountPath) : '';
    if (!vm.mountPath) e = e.also(errMissingField('mountPath'));
    else if (RESERVED_MOUNT_PATHS.has(clean))
      e = e.also(errGeneric(`mountPath ${JSON.stringify(clean)} is a reserved path`, 'mountPath'));
    else if (!vm.mountPath.startsWith('/')) e = e.also(errInvalidValue(vm.mountPath, 'mountPath'));
    else if (seenPaths.has(clean))
      e = e.also(errInvalidValue(`${JSON.stringify(vm.mountPath)} must be unique`, 'mountPath'));
    seenPaths.add(clean);
    const writable = !!(vol?.emptyDir || vol?.persistentVolumeClaim || vol?.ephemeral);
    if (!writable && !vm.readOnly)
      e = e.also(errGeneric('volume mount should be readOnly for this type of volume', 'readOnly'));
    if (vm.mountPropagation !== undefined) {
      if (!flagOn(config, 'kubernetes.podspec-volumes-mount-propagation')) {
        e = e.also(
          errGeneric(
            `Volume Mount Propagation support is disabled, but found volume mount ${vm.name} with mount propagation`,
          ),
        );
      }
      if (vm.mountPropagation !== 'None' && vm.mountPropagation !== 'HostToContainer') {
        e = e.also(
          errGeneric('mount propagation should be set to None or HostToContainer', 'mountPropagation'),
        );
      }
    }
    if (vol?.persistentVolumeClaim?.readOnly && !vm.readOnly)
      e = e.also(errGeneric('volume is readOnly but volume mount is not', 'readOnly'));
    errs = errs.also(e.viaIndex(i));
  });
  return errs;
}
