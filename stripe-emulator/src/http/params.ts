import { invalidRequest, missingParam, StripeFailure } from '../domain/errors.js';
import { type FormObject, type FormValue } from './form.js';

/**
 * A small declarative description of an endpoint's parameters, validated the way Stripe does: unknown
 * parameters are rejected (`Received unknown parameter: a[b]`, code `parameter_unknown`), types are checked
 * (`Invalid integer: abc`, `parameter_invalid_integer`), and an empty string means "not given" (or is refused,
 * `parameter_invalid_empty`, for a required one). Parameters Stripe has but the emulator does not model are
 * refused too (`parameter_not_emulated`), never ignored. Handlers receive a typed value (`Infer<Spec>`).
 */
export interface StrSpec<E extends string = string> {
  readonly t: 'string';
  readonly max?: number;
  readonly enum?: readonly E[];
}
export interface IntSpec {
  readonly t: 'integer';
  readonly min?: number;
  readonly max?: number;
}
/** A decimal (`percent_off=12.5`, `percentage=19`). */
export interface NumSpec {
  readonly t: 'number';
  readonly min?: number;
  readonly max?: number;
}
export interface BoolSpec {
  readonly t: 'boolean';
}
export interface MapSpec {
  readonly t: 'map';
  /** Keep `key=` entries (updates: an empty value removes the key) instead of dropping them. */
  readonly keepEmpty?: boolean;
}
/** `currency_options[eur][amount]=…`: an object keyed by free-form names, every value of one spec. */
export interface RecordSpec<V extends Spec = Spec> {
  readonly t: 'record';
  readonly values: V;
}
/**
 * A real Stripe parameter the emulator does not model: refused with 400 `parameter_not_emulated` (ignoring it
 * would let a test pass that Stripe's behaviour could fail). An empty value ("not given") is still accepted.
 */
export interface AnySpec {
  readonly t: 'any';
}
/**
 * Accepted and deliberately without effect: only for plumbing that changes nothing Stripe returns (the telemetry
 * and checksums Stripe.js sends to its private `payment_pages` endpoints).
 */
export interface IgnoredSpec {
  readonly t: 'ignored';
}
/** `created=123` or `created[gte]=123&created[lt]=456`. */
export interface RangeSpec {
  readonly t: 'range';
}
export interface ArrSpec<I extends Spec = Spec> {
  readonly t: 'array';
  readonly items: I;
  readonly max?: number;
}
export interface ObjSpec<F extends Record<string, Spec> = Record<string, Spec>> {
  readonly t: 'object';
  readonly fields: F;
  readonly required?: readonly (keyof F & string)[];
}
// The recursive members need the structural `{ t: … }` forms to keep the union non-circular for TypeScript.
export type Spec =
  | StrSpec
  | IntSpec
  | NumSpec
  | BoolSpec
  | MapSpec
  | AnySpec
  | IgnoredSpec
  | RangeSpec
  | { readonly t: 'record'; readonly values: Spec }
  | { readonly t: 'array'; readonly items: Spec; readonly max?: number }
  | { readonly t: 'object'; readonly fields: Record<string, Spec>; readonly required?: readonly string[] };

export interface RangeFilter {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

export type Infer<S> =
  S extends StrSpec<infer E>
    ? E
    : S extends IntSpec | NumSpec
      ? number
      : S extends BoolSpec
        ? boolean
        : S extends MapSpec
          ? Record<string, string>
          : S extends RangeSpec
            ? RangeFilter
            : S extends ArrSpec<infer I>
              ? Infer<I>[]
              : S extends RecordSpec<infer V>
                ? Record<string, Infer<V>>
                : S extends ObjSpec<infer F>
                  ? { [K in keyof F]?: Infer<F[K]> }
                  : unknown;

export const s = {
  str: (opts: { max?: number } = {}): StrSpec => ({ t: 'string', ...opts }),
  enum: <const E extends string>(values: readonly E[]): StrSpec<E> => ({ t: 'string', enum: values }),
  int: (opts: { min?: number; max?: number } = {}): IntSpec => ({ t: 'integer', ...opts }),
  num: (opts: { min?: number; max?: number } = {}): NumSpec => ({ t: 'number', ...opts }),
  bool: (): BoolSpec => ({ t: 'boolean' }),
  map: (opts: { keepEmpty?: boolean } = {}): MapSpec => ({ t: 'map', ...opts }),
  /** A Stripe parameter the emulator does not emulate (refused, see `AnySpec`). */
  any: (): AnySpec => ({ t: 'any' }),
  ignored: (): IgnoredSpec => ({ t: 'ignored' }),
  range: (): RangeSpec => ({ t: 'range' }),
  arr: <I extends Spec>(items: I, opts: { max?: number } = {}): ArrSpec<I> => ({
    t: 'array',
    items,
    ...opts,
  }),
  record: <V extends Spec>(values: V): RecordSpec<V> => ({ t: 'record', values }),
  obj: <F extends Record<string, Spec>>(
    fields: F,
    required: readonly (keyof F & string)[] = [],
  ): ObjSpec<F> => ({
    t: 'object',
    fields,
    required,
  }),
};

function describe(value: FormValue): string {
  return typeof value === 'string' ? value : 'an object';
}

function joinPath(prefix: string, key: string): string {
  return prefix ? `${prefix}[${key}]` : key;
}

function isNumericKeyed(obj: FormObject): boolean {
  return Object.keys(obj).every((k) => /^\d+$/.test(k));
}

/** Codes Stripe gives the refusals of the parameter validator (https://docs.stripe.com/error-codes). */
const UNKNOWN = 'parameter_unknown';
const INVALID_INTEGER = 'parameter_invalid_integer';
const INVALID_EMPTY = 'parameter_invalid_empty';
export const NOT_EMULATED = 'parameter_not_emulated';

function unknownParam(path: string): StripeFailure {
  return invalidRequest(`Received unknown parameter: ${path}`, path, UNKNOWN);
}

function invalidInteger(value: FormValue, path: string): StripeFailure {
  return invalidRequest(`Invalid integer: ${describe(value)}`, path, INVALID_INTEGER);
}

/**
 * The emulator's own code (Stripe has no such refusal): no `doc_url`, since Stripe documents no such code; the
 * message says where to check the behaviour instead.
 */
export function notEmulated(path: string): StripeFailure {
  return new StripeFailure(400, {
    type: 'invalid_request_error',
    code: NOT_EMULATED,
    message: `The Stripe emulator does not emulate the parameter ${path}: Stripe accepts it, but the emulator would ignore it, so it refuses the request instead. Remove ${path}, or test this behaviour against Stripe's test mode.`,
    param: path,
  });
}

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)$/;

function validateValue(spec: Spec, value: FormValue, path: string): unknown {
  switch (spec.t) {
    case 'any':
      throw notEmulated(path);
    case 'ignored':
      return value;
    case 'string': {
      if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${describe(value)}`, path);
      if (spec.max !== undefined && value.length > spec.max)
        throw invalidRequest(
          `Invalid string: ${value.slice(0, 40)}...; must be at most ${spec.max} characters`,
          path,
        );
      if (spec.enum && !spec.enum.includes(value)) {
        const options =
          spec.enum.length > 1
            ? `${spec.enum.slice(0, -1).join(', ')}, or ${spec.enum.at(-1)}`
            : spec.enum.join('');
        throw invalidRequest(`Invalid ${path}: must be one of ${options}`, path);
      }
      return value;
    }
    case 'integer': {
      if (typeof value !== 'string' || !INTEGER.test(value.trim())) throw invalidInteger(value, path);
      const n = Number(value.trim());
      if (!Number.isSafeInteger(n)) throw invalidInteger(value, path);
      if (spec.min !== undefined && n < spec.min)
        throw invalidRequest(`This value must be greater than or equal to ${spec.min}.`, path);
      if (spec.max !== undefined && n > spec.max)
        throw invalidRequest(`This value must be less than or equal to ${spec.max}.`, path);
      return n;
    }
    case 'number': {
      if (typeof value !== 'string' || !DECIMAL.test(value.trim()))
        throw invalidRequest(`Invalid decimal: ${describe(value)}`, path);
      const n = Number(value.trim());
      if (spec.min !== undefined && n < spec.min)
        throw invalidRequest(`This value must be greater than or equal to ${spec.min}.`, path);
      if (spec.max !== undefined && n > spec.max)
        throw invalidRequest(`This value must be less than or equal to ${spec.max}.`, path);
      return n;
    }
    case 'boolean': {
      if (value === 'true') return true;
      if (value === 'false') return false;
      throw invalidRequest(`Invalid boolean: ${describe(value)}`, path);
    }
    case 'range': {
      if (typeof value === 'string') {
        if (!INTEGER.test(value)) throw invalidInteger(value, path);
        const n = Number(value);
        return { gte: n, lte: n };
      }
      const out: RangeFilter = {};
      for (const [k, v] of Object.entries(value)) {
        if (k !== 'gt' && k !== 'gte' && k !== 'lt' && k !== 'lte') throw unknownParam(joinPath(path, k));
        if (typeof v !== 'string' || !INTEGER.test(v)) throw invalidInteger(v, joinPath(path, k));
        out[k] = Number(v);
      }
      return out;
    }
    case 'map': {
      if (typeof value === 'string') throw invalidRequest(`Invalid object`, path);
      const entries: [string, string][] = [];
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'string')
          throw invalidRequest(`Invalid value for ${joinPath(path, k)}: must be a string`, joinPath(path, k));
        if (k.length > 40)
          throw invalidRequest(
            `Metadata keys can have up to 40 characters, but you passed in a key that is ${k.length} characters.`,
            joinPath(path, k),
          );
        if (v.length > 500)
          throw invalidRequest(
            `Metadata values can have up to 500 characters, but you passed in a value that is ${v.length} characters.`,
            joinPath(path, k),
          );
        if (v !== '' || spec.keepEmpty) entries.push([k, v]);
      }
      if (entries.length > 50) throw invalidRequest('You can have up to 50 metadata keys.', path);
      // fromEntries defines own properties, so a `__proto__` key cannot reach the prototype.
      return Object.fromEntries(entries);
    }
    case 'array': {
      if (typeof value === 'string' || !isNumericKeyed(value)) throw invalidRequest('Invalid array', path);
      const items = Object.entries(value)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([k, v]) => ({ k, v }));
      if (spec.max !== undefined && items.length > spec.max)
        throw invalidRequest(`Invalid array: ${path} must contain at most ${spec.max} items.`, path);
      return items.map(({ v }, index) => {
        const itemPath = `${path}[${index}]`;
        if (v === '') throw invalidRequest(`Invalid ${itemPath}: empty value`, itemPath);
        return validateValue(spec.items, v, itemPath);
      });
    }
    case 'record': {
      if (typeof value === 'string') throw invalidRequest('Invalid object', path);
      const entries = Object.entries(value).map(([k, v]) => [
        k,
        validateValue(spec.values, v, joinPath(path, k)),
      ]);
      // fromEntries defines own properties, so a `__proto__` key cannot reach the prototype.
      return Object.fromEntries(entries);
    }
    case 'object':
      if (typeof value === 'string') throw invalidRequest('Invalid object', path);
      return validateObject(spec, value, path);
  }
}

function validateObject(
  spec: { readonly fields: Record<string, Spec>; readonly required?: readonly string[] },
  input: FormObject,
  prefix: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const path = joinPath(prefix, key);
    const fieldSpec = Object.hasOwn(spec.fields, key) ? spec.fields[key] : undefined;
    if (!fieldSpec) throw unknownParam(path);
    if (value === '') {
      if (spec.required?.includes(key))
        throw invalidRequest(
          `You passed an empty string for '${path}'. We assume empty values are an attempt to unset a parameter; however '${path}' cannot be unset. You should remove '${path}' from your request or supply a non-empty value.`,
          path,
          INVALID_EMPTY,
        );
      continue;
    }
    Object.defineProperty(out, key, {
      value: validateValue(fieldSpec, value, path),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  for (const key of spec.required ?? [])
    if (out[key] === undefined) throw missingParam(joinPath(prefix, key));
  return out;
}

/** Validates a parsed form against an object spec; throws Stripe's 400 on the first problem. */
export function validateParams<F extends Record<string, Spec>>(
  spec: ObjSpec<F>,
  input: FormObject,
): Infer<ObjSpec<F>> {
  // The walk above checks every field against `spec`, so the result has the inferred shape.
  return validateObject(spec, input, '') as Infer<ObjSpec<F>>;
}
