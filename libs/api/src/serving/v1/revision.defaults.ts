// Revision defaults (knative/serving pkg/apis/serving/v1/revision_defaults.go).
import type { V1Container, V1SecurityContext } from '@kubernetes/client-node';
import { type ApiConfig, featureFlag } from '../../core/config';
import { childName } from '../../core/names';
import type { AdmissionContext } from '../../core/registry';
import type { Revision, RevisionSpec, RevisionTemplateSpec } from './revision.types';

export function defaultRevision(rev: Revision, ctx: AdmissionContext): void {
  if (ctx.operation === 'UPDATE') return;
  rev.spec ??= { containers: [] };
  defaultRevisionSpec(rev.spec, ctx, rev.metadata?.name);
}

export function defaultRevisionTemplate(
  t: RevisionTemplateSpec,
  ctx: AdmissionContext,
  parentName?: string,
): void {
  t.spec ??= { containers: [] };
  defaultRevisionSpec(t.spec, ctx, t.metadata?.name ?? parentName);
}

/** Expands the Go-template subset Knative documents for container-name-template: `{{.Name}}`. */
function expandNameTemplate(template: string, name: string | undefined): string {
  return template.replace(/\{\{\s*\.Name\s*\}\}/g, name ?? '');
}

export function defaultRevisionSpec(rs: RevisionSpec, ctx: AdmissionContext, objectName?: string): void {
  const cfg = ctx.config;
  if (!rs.timeoutSeconds) rs.timeoutSeconds = cfg.defaults.revisionTimeoutSeconds;
  if (rs.idleTimeoutSeconds === undefined) {
    const idle = cfg.defaults.revisionIdleTimeoutSeconds;
    if (idle !== 0 && idle < rs.timeoutSeconds) rs.idleTimeoutSeconds = idle;
  }
  if (rs.responseStartTimeoutSeconds === undefined) {
    const rst = cfg.defaults.revisionResponseStartTimeoutSeconds;
    if (rst !== 0 && rst < rs.timeoutSeconds) rs.responseStartTimeoutSeconds = rst;
  }
  if (rs.containerConcurrency === undefined) rs.containerConcurrency = cfg.defaults.containerConcurrency;

  rs.containers ??= [];
  const names = new Set<string>([...rs.containers, ...(rs.initContainers ?? [])].map((c) => c.name ?? ''));
  applyDefaultContainerNames(
    rs.containers,
    names,
    expandNameTemplate(cfg.defaults.userContainerNameTemplate, objectName),
  );
  if (rs.initContainers)
    applyDefaultContainerNames(
      rs.initContainers,
      names,
      expandNameTemplate(cfg.defaults.initContainerNameTemplate, objectName),
    );

  for (const c of rs.containers) {
    applyContainerDefaults(rs, c, ctx);
    defaultSecurityContext(rs, c, cfg);
  }
  for (const c of rs.initContainers ?? []) defaultSecurityContext(rs, c, cfg);
}

/** Unnamed containers get the template name; with several containers (or a clash), `-0`, `-1`… suffixes. */
function applyDefaultContainerNames(containers: V1Container[], taken: Set<string>, base: string): void {
  let next = 0;
  for (const c of containers) {
    if (c.name) continue;
    let name = base;
    if (containers.length > 1 || taken.has(name)) {
      do {
        name = childName(base, `-${next++}`);
      } while (taken.has(name));
    }
    c.name = name;
  }
}

function applyContainerDefaults(rs: RevisionSpec, c: V1Container, ctx: AdmissionContext): void {
  const d = ctx.config.defaults;
  const pairs: Array<[string, string | undefined, string | undefined]> = [
    ['cpu', d.revisionCpuRequest, d.revisionCpuLimit],
    ['memory', d.revisionMemoryRequest, d.revisionMemoryLimit],
    ['ephemeral-storage', d.revisionEphemeralStorageRequest, d.revisionEphemeralStorageLimit],
  ];
  if (pairs.some(([, r, l]) => r !== undefined || l !== undefined)) {
    c.resources ??= {};
    for (const [name, req, lim] of pairs) {
      if (req !== undefined && !(c.resources.requests && name in c.resources.requests))
        (c.resources.requests ??= {})[name] = req;
      if (lim !== undefined && !(c.resources.limits && name in c.resources.limits))
        (c.resources.limits ??= {})[name] = lim;
    }
  }
  if (rs.containers.length === 1 || (c.ports ?? []).length !== 0) {
    c.readinessProbe ??= {};
    const p = c.readinessProbe;
    if (!p.tcpSocket && !p.httpGet && !p.exec && !p.grpc) p.tcpSocket = {} as never;
  }
  const rp = c.readinessProbe;
  if (rp) {
    if (!rp.successThreshold) rp.successThreshold = 1;
    if (rp.periodSeconds) {
      if (!rp.failureThreshold) rp.failureThreshold = 3;
      if (!rp.timeoutSeconds) rp.timeoutSeconds = 1;
    }
  }
  for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
    if (probe?.grpc && probe.grpc.service === undefined) probe.grpc.service = '';
  }
  if (
    rs.enableServiceLinks === undefined &&
    ctx.operation === 'CREATE' &&
    d.enableServiceLinks !== undefined
  ) {
    rs.enableServiceLinks = d.enableServiceLinks;
  }
  const writable = new Set(
    (rs.volumes ?? []).filter((v) => v.emptyDir || v.persistentVolumeClaim || v.ephemeral).map((v) => v.name),
  );
  for (const vm of c.volumeMounts ?? []) if (!writable.has(vm.name)) vm.readOnly = true;
}

function defaultSecurityContext(rs: RevisionSpec, c: V1Container, cfg: ApiConfig): void {
  const flag = featureFlag(cfg, 'secure-pod-defaults');
  if (flag !== 'Enabled' && flag !== 'AllowRootBounded') return;
  const psc = rs.securityContext ?? {};
  const sc: V1SecurityContext = c.securityContext ? { ...c.securityContext } : {};
  if (sc.allowPrivilegeEscalation === undefined) sc.allowPrivilegeEscalation = false;
  if (!psc.seccompProfile?.type) {
    sc.seccompProfile = { ...(sc.seccompProfile ?? { type: '' }) };
    if (!sc.seccompProfile.type) sc.seccompProfile.type = 'RuntimeDefault';
  }
  if (!sc.capabilities) {
    sc.capabilities = { drop: ['ALL'] };
    if ((c.ports ?? []).some((p) => p.containerPort < 1024)) sc.capabilities.add = ['NET_BIND_SERVICE'];
  }
  if (flag === 'Enabled' && psc.runAsNonRoot === undefined && sc.runAsNonRoot === undefined)
    sc.runAsNonRoot = true;
  if (Object.keys(sc).length) c.securityContext = sc;
}
