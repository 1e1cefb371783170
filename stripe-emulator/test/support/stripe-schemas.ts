import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/**
 * Stripe's ground truth: object schemas from Stripe's published OpenAPI spec, its event types and stripe-mock
 * fixtures, vendored in reference/ by scripts/vendor-stripe-reference.mjs (the emulator reads its
 * request-schemas.json at run time; the other files are for the tests).
 */
export const REFERENCE_DIR = fileURLToPath(new URL('../../reference/', import.meta.url));

export function referenceFile(
  name: 'schemas.json' | 'enabled-events.json' | 'fixtures.json' | 'request-schemas.json',
): string {
  const path = `${REFERENCE_DIR}${name}`;
  if (!existsSync(path)) throw new Error(`Stripe reference file missing: ${path}`);
  return path;
}

/**
 * OpenAPI 3.0 → JSON Schema: `nullable: true` becomes `anyOf [schema, null]`, `x-…` extensions are dropped.
 * Everything else (formats, titles) is left for Ajv to ignore in non-strict mode.
 */
export function openApiToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openApiToJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  let nullable = false;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable') {
      nullable = value === true;
      continue;
    }
    if (key.startsWith('x-')) continue;
    // `properties` maps names to schemas: its keys are never keywords.
    out[key] =
      key === 'properties' && value !== null && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, openApiToJsonSchema(v)]),
          )
        : openApiToJsonSchema(value);
  }
  return nullable ? { anyOf: [out, { type: 'null' }] } : out;
}

export class StripeSchemas {
  private readonly ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  private readonly cache = new Map<string, ValidateFunction>();

  /**
   * `keepRequired` may drop fields from a schema's `required` (fields Stripe removed since the spec's version):
   * they may then be absent wherever an object of that schema appears, top-level or nested.
   */
  constructor(
    keepRequired: (schema: string, required: string[]) => string[] = (_schema, required) => required,
  ) {
    const spec = JSON.parse(readFileSync(referenceFile('schemas.json'), 'utf8')) as {
      components: { schemas: Record<string, { required?: string[] }> };
    };
    for (const [name, schema] of Object.entries(spec.components.schemas))
      if (schema.required) schema.required = keepRequired(name, schema.required);
    const converted = openApiToJsonSchema({ components: spec.components });
    this.ajv.addSchema({ $id: 'stripe', ...(converted as Record<string, unknown>) });
  }

  has(name: string): boolean {
    return this.ajv.getSchema(`stripe#/components/schemas/${name}`) !== undefined;
  }

  /** Returns Ajv's errors (empty when `value` is a valid `name`). */
  errors(name: string, value: unknown): ErrorObject[] {
    let validate = this.cache.get(name);
    if (!validate) {
      validate = this.ajv.getSchema(`stripe#/components/schemas/${name}`);
      if (!validate) throw new Error(`no schema ${name}`);
      this.cache.set(name, validate);
    }
    return validate(value) ? [] : [...(validate.errors ?? [])];
  }
}
