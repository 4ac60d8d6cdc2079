// Turns a TypeBox (JSON Schema) schema into a structural OpenAPI v3 schema as apiextensions.k8s.io/v1 accepts:
// records become additionalProperties, literals/unions of literals become enums, TypeBox's symbol keys and
// unsupported keywords go away. Anything it cannot express structurally is an error naming the path.

type Schema = Record<string, unknown>;

const DROP = new Set(['$id', '$schema', 'examples', 'title', 'default']);

export function toStructural(schema: unknown, path = '(root)'): Schema {
  const s = JSON.parse(JSON.stringify(schema)) as Schema;
  return convert(s, path);
}

function convert(s: Schema, path: string): Schema {
  const out: Schema = {};
  if (s.anyOf && !s['x-kubernetes-int-or-string']) {
    const variants = s.anyOf as Schema[];
    if (variants.every((v) => v.const !== undefined && typeof v.const === 'string')) {
      return withDescription({ type: 'string', enum: variants.map((v) => v.const) }, s);
    }
    throw new Error(
      `${path}: union types are not structural; use x-kubernetes-int-or-string or an enum of strings`,
    );
  }
  for (const [k, v] of Object.entries(s)) {
    if (DROP.has(k)) continue;
    switch (k) {
      case 'properties': {
        const props: Schema = {};
        for (const [name, sub] of Object.entries(v as Schema))
          props[name] = convert(sub as Schema, `${path}.${name}`);
        out.properties = props;
        break;
      }
      case 'patternProperties': {
        const values = Object.values(v as Schema);
        if (values.length !== 1) throw new Error(`${path}: only one patternProperties entry is supported`);
        out.additionalProperties = convert(values[0] as Schema, `${path}[*]`);
        break;
      }
      case 'additionalProperties':
        if (typeof v === 'object' && v) out.additionalProperties = convert(v as Schema, `${path}[*]`);
        break;
      case 'items':
        out.items = convert(v as Schema, `${path}[]`);
        break;
      case 'anyOf':
        out.anyOf = v;
        break;
      case 'const':
        out.enum = [v];
        break;
      case 'required':
        if (Array.isArray(v) && v.length) out.required = [...v].sort();
        break;
      default:
        out[k] = v;
    }
  }
  if (out.const !== undefined) delete out.const;
  return out;
}

function withDescription(target: Schema, from: Schema): Schema {
  if (from.description) target.description = from.description;
  return target;
}
