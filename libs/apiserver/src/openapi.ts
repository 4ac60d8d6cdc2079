import type { Registry } from './registry';
import type { ResourceType } from './resource-type';
import type { Schema } from './schema';

/**
 * OpenAPI documents for clients. kubectl reads them to find the patch strategy of a kind (`apply`) and for
 * client-side validation; definitions carry `x-kubernetes-group-version-kind`. Built-in kinds are described as
 * open objects (kubectl falls back to its compiled-in types for strategic merge); custom resources carry their
 * CRD schema.
 */
function definitionName(t: ResourceType, version: string): string {
  const group = t.group || 'core';
  return `io.k8s.${group}.${version}.${t.kind}`;
}

function definition(t: ResourceType, version: string): Schema {
  const gvk = [{ group: t.group, version, kind: t.kind }];
  const base: Schema = t.schema
    ? { ...t.schema }
    : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  return { ...base, 'x-kubernetes-group-version-kind': gvk };
}

export function openApiV2(registry: Registry): Record<string, unknown> {
  const definitions: Record<string, Schema> = {};
  for (const t of registry.all())
    for (const v of t.versions) definitions[definitionName(t, v)] = definition(t, v);
  return { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.33.0' }, paths: {}, definitions };
}

function v3Path(t: ResourceType, version: string): string {
  return t.group ? `apis/${t.group}/${version}` : `api/${version}`;
}

export function openApiV3Index(registry: Registry): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const t of registry.all()) {
    for (const v of t.versions) {
      const p = v3Path(t, v);
      paths[p] = { serverRelativeURL: `/openapi/v3/${p}` };
    }
  }
  return { paths };
}

function resourcePaths(t: ResourceType, version: string): Record<string, unknown> {
  const prefix = t.group ? `/apis/${t.group}/${version}` : `/api/${version}`;
  const base = t.namespaced ? `${prefix}/namespaces/{namespace}/${t.plural}` : `${prefix}/${t.plural}`;
  const ref = { $ref: `#/components/schemas/${definitionName(t, version)}` };
  const gvk = { group: t.group, version, kind: t.kind };
  const body = (types: string[]) => ({
    content: Object.fromEntries(types.map((ct) => [ct, { schema: { type: 'object' } }])),
  });
  const query = (name: string) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });
  const params = [query('dryRun'), query('fieldManager'), query('fieldValidation')];
  const response = { '200': { description: 'OK', content: { 'application/json': { schema: ref } } } };
  // Strategic merge patch is left out on purpose: kubectl then builds it from its compiled-in types (built-in
  // kinds) or uses a JSON merge patch (custom resources), instead of needing the patch metadata in the schema.
  const patchTypes = [
    'application/json-patch+json',
    'application/merge-patch+json',
    'application/apply-patch+yaml',
  ];
  const op = (extra: Record<string, unknown>) => ({
    'x-kubernetes-group-version-kind': gvk,
    parameters: params,
    responses: response,
    ...extra,
  });
  return {
    [base]: { post: op({ requestBody: { content: { '*/*': { schema: ref } } } }), get: op({}) },
    [`${base}/{name}`]: {
      get: op({}),
      put: op({ requestBody: { content: { '*/*': { schema: ref } } } }),
      patch: op({ requestBody: body(patchTypes) }),
      delete: op({}),
    },
  };
}

export function openApiV3Path(registry: Registry, p: string): Record<string, unknown> | undefined {
  const schemas: Record<string, Schema> = {};
  let paths: Record<string, unknown> = {};
  for (const t of registry.all()) {
    for (const v of t.versions) {
      if (v3Path(t, v) !== p) continue;
      schemas[definitionName(t, v)] = definition(t, v);
      paths = { ...paths, ...resourcePaths(t, v) };
    }
  }
  if (Object.keys(schemas).length === 0) return undefined;
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.33.0' },
    paths,
    components: { schemas },
  };
}
