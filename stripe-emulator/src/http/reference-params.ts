import { readFileSync } from 'node:fs';
import { s, type ObjSpec, type Spec } from './params.js';

/**
 * Parameter specs taken from Stripe's published OpenAPI spec (the request side of the operations vendored in
 * reference/request-schemas.json by scripts/vendor-stripe-reference.mjs), so those endpoints accept exactly
 * Stripe's parameters with Stripe's types and lengths. They go through the same validator as the hand-written
 * specs (params.ts), hence the same error messages.
 *
 * The spec leaves some of Stripe's documented limits to prose (`limit` is 1..100, `types` holds up to 20
 * entries, a refund `amount` is positive): a route declares the parameters its handler reads, and those
 * declarations may only narrow Stripe's (see `narrowSpec`), which also keeps the handler's types honest. Stripe's
 * parameters a route does not declare are the ones the emulator does not emulate: they are refused
 * (`parameter_not_emulated`), not ignored.
 */

interface OpenApiSchema {
  type?: string;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  additionalProperties?: boolean | OpenApiSchema;
  items?: OpenApiSchema;
  enum?: unknown[];
  maxLength?: number;
  maxItems?: number;
  anyOf?: OpenApiSchema[];
}

interface OpenApiOperation {
  parameters?: { name: string; in: string; required?: boolean; schema: OpenApiSchema }[];
  requestBody?: { content?: Record<string, { schema?: OpenApiSchema } | undefined> };
}

type Paths = Record<string, Record<string, OpenApiOperation | undefined> | undefined>;

// Resolves to stripe-emulator/reference from both src/http (tests, tsx) and dist/http (the built package).
const REQUEST_SCHEMAS = new URL('../../reference/request-schemas.json', import.meta.url);

let paths: Paths | undefined;

function loadPaths(): Paths {
  if (!paths) {
    const text = readFileSync(REQUEST_SCHEMAS, 'utf8');
    paths = (JSON.parse(text) as { paths: Paths }).paths;
  }
  return paths;
}

const RANGE_KEYS = ['gt', 'gte', 'lt', 'lte'];

/** `created=123` or `created[gte]=…`: Stripe's `range_query_specs`. */
function isRange(alternatives: OpenApiSchema[]): boolean {
  const object = alternatives.find((a) => a.type === 'object');
  return (
    alternatives.length === 2 &&
    alternatives.some((a) => a.type === 'integer') &&
    object?.properties !== undefined &&
    Object.entries(object.properties).every(([k, v]) => RANGE_KEYS.includes(k) && v.type === 'integer')
  );
}

/** `""` unsets a parameter; the validator already treats an empty value as not given. */
function isUnset(schema: OpenApiSchema): boolean {
  return schema.type === 'string' && schema.enum?.length === 1 && schema.enum[0] === '';
}

/** One OpenAPI parameter schema as a validator spec. Throws on anything it cannot express exactly. */
export function specFromSchema(schema: OpenApiSchema, at: string): Spec {
  if (schema.anyOf) {
    if (isRange(schema.anyOf)) return s.range();
    const alternatives = schema.anyOf.filter((a) => !isUnset(a));
    const [only] = alternatives;
    if (alternatives.length === 1 && only) return specFromSchema(only, at);
    throw new Error(`${at}: anyOf with ${alternatives.length} alternatives has no parameter spec`);
  }
  switch (schema.type) {
    case 'string': {
      const values = schema.enum;
      if (values && !values.every((v): v is string => typeof v === 'string'))
        throw new Error(`${at}: non-string enum`);
      return {
        t: 'string',
        ...(schema.maxLength !== undefined ? { max: schema.maxLength } : {}),
        ...(values ? { enum: values } : {}),
      };
    }
    case 'integer':
      return s.int();
    case 'boolean':
      return s.bool();
    case 'array':
      if (!schema.items) throw new Error(`${at}: array without items`);
      return s.arr(
        specFromSchema(schema.items, `${at}[]`),
        schema.maxItems !== undefined ? { max: schema.maxItems } : {},
      );
    case 'object': {
      if (schema.properties) {
        const fields = Object.fromEntries(
          Object.entries(schema.properties).map(([k, v]) => [k, specFromSchema(v, `${at}[${k}]`)]),
        );
        return s.obj(fields, schema.required ?? []);
      }
      const values = schema.additionalProperties;
      if (typeof values === 'object' && values.type === 'string') return s.map();
      throw new Error(`${at}: object without properties`);
    }
    default:
      throw new Error(`${at}: type ${schema.type ?? '(none)'} has no parameter spec`);
  }
}

/** The query and form-body parameters of an operation (the path's own are part of the URL). */
export function operationSpec(method: string, route: string): ObjSpec {
  const openApiPath = route.replace(/:([A-Za-z_]+)/g, '{$1}');
  const operation = loadPaths()[openApiPath]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${openApiPath} is not in reference/request-schemas.json`);
  const fields: Record<string, Spec> = {};
  const required: string[] = [];
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in !== 'query') continue;
    fields[parameter.name] = specFromSchema(parameter.schema, parameter.name);
    if (parameter.required) required.push(parameter.name);
  }
  const body = operation.requestBody?.content?.['application/x-www-form-urlencoded']?.schema;
  for (const [name, schema] of Object.entries(body?.properties ?? {}))
    fields[name] = specFromSchema(schema, name);
  required.push(...(body?.required ?? []));
  return s.obj(fields, required);
}

/**
 * The values Stripe's spec allows for one request parameter of an operation (a string enum, or an array of
 * them), by its path of property names: e.g. Checkout's `shipping_address_collection[allowed_countries][]`.
 */
export function referenceEnum(method: string, route: string, path: readonly string[]): readonly string[] {
  const openApiPath = route.replace(/:([A-Za-z_]+)/g, '{$1}');
  const operation = loadPaths()[openApiPath]?.[method.toLowerCase()];
  let schema: OpenApiSchema | undefined =
    operation?.requestBody?.content?.['application/x-www-form-urlencoded']?.schema;
  for (const key of path) {
    if (schema?.type === 'array') schema = schema.items;
    schema = schema?.properties?.[key];
  }
  if (schema?.type === 'array') schema = schema.items;
  const values = schema?.enum;
  if (!values?.every((v): v is string => typeof v === 'string'))
    throw new Error(`${method} ${route} ${path.join('.')}: no string enum in reference/request-schemas.json`);
  return values;
}

function tighter(a: number | undefined, b: number | undefined, pick: (x: number, y: number) => number) {
  return a === undefined ? b : b === undefined ? a : pick(a, b);
}

/** Parameters every operation takes whether or not its route declares them (`expand` is checked by `route`). */
const ALWAYS = ['expand'];

/**
 * `base` (Stripe's) narrowed by `by` (the emulator's): the stricter bounds of both, `by`'s enum (a subset of
 * Stripe's) and map semantics. Fields of Stripe's objects that `by` does not declare become not emulated
 * (refused). A kind that differs, or a field Stripe does not have, is a programming error.
 */
export function narrowSpec(base: Spec, by: Spec, at: string, top = false): Spec {
  // Declared as not emulated, or as accepted without effect: the emulator's choice, whatever Stripe's type.
  if (by.t === 'any' || by.t === 'ignored') return by;
  if (base.t !== by.t) throw new Error(`${at}: declared as ${by.t}, Stripe's spec says ${base.t}`);
  if (base.t === 'string' && by.t === 'string') {
    const values = by.enum ?? base.enum;
    if (by.enum && base.enum && !by.enum.every((v) => base.enum?.includes(v)))
      throw new Error(`${at}: declared enum is not a subset of Stripe's`);
    const max = tighter(base.max, by.max, Math.min);
    return { t: 'string', ...(max !== undefined ? { max } : {}), ...(values ? { enum: values } : {}) };
  }
  if (base.t === 'integer' && by.t === 'integer') {
    const min = tighter(base.min, by.min, Math.max);
    const max = tighter(base.max, by.max, Math.min);
    return { t: 'integer', ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  }
  if (base.t === 'array' && by.t === 'array') {
    const max = tighter(base.max, by.max, Math.min);
    return {
      t: 'array',
      items: narrowSpec(base.items, by.items, `${at}[]`),
      ...(max !== undefined ? { max } : {}),
    };
  }
  if (base.t === 'object' && by.t === 'object') {
    const fields: Record<string, Spec> = {};
    for (const [key, spec] of Object.entries(base.fields))
      fields[key] = top && ALWAYS.includes(key) ? spec : s.any();
    for (const [key, spec] of Object.entries(by.fields)) {
      const stripe = Object.hasOwn(base.fields, key) ? base.fields[key] : undefined;
      if (!stripe) throw new Error(`${at}[${key}] is not one of Stripe's parameters`);
      fields[key] = narrowSpec(stripe, spec, `${at}[${key}]`);
    }
    return {
      t: 'object',
      fields,
      required: [...new Set([...(base.required ?? []), ...(by.required ?? [])])],
    };
  }
  // boolean, number, range, map, record: nothing to narrow but the emulator's own semantics (a map's keepEmpty).
  return by;
}

/**
 * The parameters of `method route` as Stripe's spec has them, narrowed by `reads` (the ones the handler uses).
 * Typed by `reads`: Stripe's other parameters are refused as not emulated (`parameter_not_emulated`).
 */
export function referenceParams<F extends Record<string, Spec>>(
  method: string,
  route: string,
  reads: ObjSpec<F>,
): ObjSpec<F> {
  const narrowed = narrowSpec(operationSpec(method, route), reads, `${method} ${route}`, true);
  // narrowSpec keeps every field of `reads`, narrowed (same kind, same or fewer values): `F`'s types hold.
  return narrowed as ObjSpec<F>;
}
