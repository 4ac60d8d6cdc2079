import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Api } from './api';
import { ApiError } from './errors';
import { knativeConfigMaps } from './knative-config';
import { deepEqual, type KubeObject } from './object';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
export const KNATIVE_NAMESPACES = ['knative-serving', 'knative-eventing'];

function createIfMissing(api: Api, group: string, version: string, plural: string, obj: KubeObject): boolean {
  const type = api.registry.find(group, version, plural)!;
  try {
    api.create(type, obj.metadata.namespace ?? '', obj);
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.code === 409) return false;
    throw err;
  }
}

/** Reads every CRD manifest of a directory (YAML, one or more documents per file). */
export function readCrdManifests(dir: string): KubeObject[] {
  if (!fs.existsSync(dir)) return [];
  const crds: KubeObject[] = [];
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    for (const doc of YAML.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
      const obj = doc.toJSON() as KubeObject | null;
      if (obj?.kind === 'CustomResourceDefinition') crds.push(obj);
    }
  }
  return crds;
}

/** Installs or upgrades CRDs (spec replaced when it differs). Returns how many were written. */
export function installCrds(api: Api, crds: KubeObject[]): number {
  const type = api.registry.find('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;
  let written = 0;
  for (const crd of crds) {
    const name = crd.metadata.name!;
    const existing = api.store.get(type.storageKey, '', name);
    if (!existing) {
      api.create(type, '', crd);
      written++;
    } else if (!deepEqual(existing.spec, { ...(existing.spec as object), ...(crd.spec as object) })) {
      api.update(type, '', name, {
        ...existing,
        spec: crd.spec,
        metadata: { ...existing.metadata, labels: crd.metadata.labels ?? existing.metadata.labels },
      });
      written++;
    }
  }
  return written;
}

export interface BootstrapOptions {
  crdDir?: string;
  localMode: boolean;
  /** A file remembering the digest of the CRD manifests last installed (parsing them dominates start-up). */
  crdDigestFile?: string;
}

/** sha256 over the names and contents of the YAML files of a directory ('' when it does not exist). */
export function digestDirectory(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  const hash = crypto.createHash('sha256');
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    hash
      .update(file)
      .update('\0')
      .update(fs.readFileSync(path.join(dir, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

function installCrdsIfChanged(api: Api, dir: string, digestFile: string | undefined): void {
  const digest = digestDirectory(dir);
  if (digestFile && digest !== '') {
    let last = '';
    try {
      last = fs.readFileSync(digestFile, 'utf8').split('\n')[0].trim();
    } catch {
      // first start
    }
    const crdsPresent = readCrdNames(digestFile).every((n) =>
      api.store.get('apiextensions.k8s.io/customresourcedefinitions', '', n),
    );
    if (last === digest && crdsPresent) return;
  }
  const crds = readCrdManifests(dir);
  installCrds(api, crds);
  if (digestFile && digest !== '') {
    fs.writeFileSync(digestFile, `${digest}\n${crds.map((c) => c.metadata.name).join('\n')}\n`);
  }
}

function readCrdNames(digestFile: string): string[] {
  try {
    return fs.readFileSync(digestFile, 'utf8').trim().split('\n').slice(1).filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * What a fresh cluster has before any client acts: system namespaces, Kuack's CRDs and Knative's config maps.
 * Idempotent: runs at every start; existing config maps are never overwritten (users may have edited them).
 */
export function bootstrap(api: Api, options: BootstrapOptions): void {
  for (const name of [...SYSTEM_NAMESPACES, ...KNATIVE_NAMESPACES]) {
    createIfMissing(api, '', 'v1', 'namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  if (options.crdDir) installCrdsIfChanged(api, options.crdDir, options.crdDigestFile);
  for (const cm of knativeConfigMaps(options.localMode)) {
    const component = cm.namespace === 'knative-serving' ? 'serving' : 'eventing';
    createIfMissing(api, '', 'v1', 'configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: cm.name,
        namespace: cm.namespace,
        labels: { 'app.kubernetes.io/name': `knative-${component}`, 'app.kubernetes.io/part-of': 'kuack' },
      },
      data: cm.data,
    });
  }
}
