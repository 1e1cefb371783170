import { StripeFailure } from '../domain/errors.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { EventOrigin } from '../state/event-bus.js';
import type { SessionRecord } from '../state/store.js';
import { apiError, failureResponse, idempotencyError, unrecognizedUrl } from './errors.js';
import { expand, validateExpand, type Resolver } from './expand.js';
import { parseForm, type FormObject } from './form.js';
import { fingerprint } from './idempotency.js';
import { s, validateParams, type Infer, type ObjSpec, type Spec } from './params.js';
import { referenceParams } from './reference-params.js';
import { Router, type RouteParams } from './router.js';
import { header, json, type App, type HttpRequest, type HttpResponse } from './types.js';

export interface ApiContext {
  params: RouteParams;
  origin: EventOrigin;
  apiVersion: string;
}

export interface ApiResult {
  status?: number;
  body: unknown;
}

interface RouteEntry {
  /** Type of the returned object, for `expand` (`list:<type>` for lists). */
  resultType: string;
  run(form: FormObject, ctx: ApiContext): { result: ApiResult; expand: string[] };
}

const expandSpec = s.arr(s.str());

/** Registers `/v1` endpoints with their parameter specs; one module per resource calls it. */
export class ApiRouter {
  readonly router = new Router<RouteEntry>();

  /**
   * A route with a hand-written spec: for endpoints outside the subset of Stripe's spec vendored in reference/,
   * or where that (2023) spec is older than the API the SDK speaks (see `referenceRoute` otherwise).
   */
  route<F extends Record<string, Spec>>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    resultType: string,
    spec: ObjSpec<F>,
    handler: (params: Infer<ObjSpec<F>>, ctx: ApiContext) => ApiResult,
  ): void {
    // A spec from Stripe's schema has its own (length-checked) `expand`.
    const withExpand = s.obj({ expand: expandSpec, ...spec.fields }, spec.required);
    this.router.add(method, path, {
      resultType,
      run: (form, ctx) => {
        const { expand: expandPaths = [], ...params } = validateParams(withExpand, form);
        validateExpand(resultType, expandPaths);
        // `params` is the validated object minus `expand`: exactly the shape `spec` describes.
        return { result: handler(params as Infer<ObjSpec<F>>, ctx), expand: expandPaths };
      },
    });
  }

  /**
   * A route whose parameters are Stripe's, from its published OpenAPI spec (vendored in reference/); `reads`
   * declares, and may only narrow, the ones the handler uses.
   */
  referenceRoute<F extends Record<string, Spec>>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    resultType: string,
    reads: ObjSpec<F>,
    handler: (params: Infer<ObjSpec<F>>, ctx: ApiContext) => ApiResult,
  ): void {
    this.route(method, path, resultType, referenceParams(method, path, reads), handler);
  }
}

const NO_KEY_MESSAGE =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";

function maskKey(key: string): string {
  if (key.length <= 12) return key.replace(/./g, '*');
  return `${key.slice(0, 8)}${'*'.repeat(Math.max(4, key.length - 12))}${key.slice(-4)}`;
}

/** Any `sk_test_<alphanumerics>` key is accepted (Bearer, or Basic with the key as user name like curl -u). */
export function authenticate(req: HttpRequest): string {
  const authorization = header(req, 'authorization');
  if (!authorization)
    throw new StripeFailure(401, { type: 'invalid_request_error', message: NO_KEY_MESSAGE });
  let key: string | undefined;
  const bearer = /^Bearer\s+(.*)$/i.exec(authorization);
  const basic = /^Basic\s+(\S+)$/i.exec(authorization);
  if (bearer) key = bearer[1]?.trim();
  else if (basic?.[1]) key = Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0];
  if (!key) throw new StripeFailure(401, { type: 'invalid_request_error', message: NO_KEY_MESSAGE });
  if (!/^sk_test_[A-Za-z0-9]+$/.test(key))
    throw new StripeFailure(401, {
      type: 'invalid_request_error',
      message: `Invalid API Key provided: ${maskKey(key)}`,
    });
  return key;
}

/** The session a (nested) object belongs to: the nearest session above it, or the one holding a line item. */
function sessionAround(
  core: EmulatorCore,
  parent: Record<string, unknown>,
  ancestors: readonly Record<string, unknown>[],
): SessionRecord | undefined {
  for (const node of [parent, ...[...ancestors].reverse()])
    if (node.object === 'checkout.session' && typeof node.id === 'string')
      return core.store.sessions.get(node.id);
  if (parent.object !== 'item') return undefined;
  for (const record of core.store.sessions.values())
    if (record.lineItems.some((item) => item.id === parent.id)) return record;
  return undefined;
}

/**
 * Fields Stripe includes only when expanded: a session's `line_items`, `total_details.breakdown`, and a line
 * item's `taxes` and `discounts`.
 */
function virtualField(
  core: EmulatorCore,
  parent: Record<string, unknown>,
  field: string,
  ancestors: readonly Record<string, unknown>[],
): unknown {
  const record = sessionAround(core, parent, ancestors);
  if (!record) return null;
  const pricing = record.pricing;
  if (parent.object === 'checkout.session' && field === 'line_items')
    return {
      object: 'list',
      data: record.lineItems,
      has_more: false,
      url: `/v1/checkout/sessions/${record.session.id}/line_items`,
    };
  if (field === 'breakdown' && parent.amount_discount !== undefined)
    return pricing?.breakdown ?? { discounts: [], taxes: [] };
  if (parent.object === 'item' && typeof parent.id === 'string') {
    if (field === 'taxes') return pricing?.lineTaxes[parent.id] ?? [];
    if (field === 'discounts') return pricing?.lineDiscounts[parent.id] ?? [];
  }
  return null;
}

/** The `/v1` app: auth, routing, Stripe's form encoding, idempotency keys, `expand[]`, Stripe's error objects. */
export function createApiApp(core: EmulatorCore, api: ApiRouter): App {
  const resolver: Resolver = {
    // Coupons have free-form ids (no prefix to look them up by).
    byId: (id) => core.store.lookup(id) ?? core.store.coupons.get(id),
    virtual: (parent, field, ancestors) => virtualField(core, parent, field, ancestors),
  };

  return (req: HttpRequest): HttpResponse => {
    const versionHeader = header(req, 'stripe-version');
    if (versionHeader) core.defaultApiVersion = versionHeader;
    const apiVersion = versionHeader ?? core.defaultApiVersion;
    const idempotencyKey = header(req, 'idempotency-key') ?? null;
    const baseHeaders: Record<string, string> = { 'Request-Id': req.requestId, 'Stripe-Version': apiVersion };
    if (idempotencyKey) baseHeaders['Idempotency-Key'] = idempotencyKey;
    /** Set once the request is past validation and may change state: its result is saved for the key. */
    let remember: ((response: HttpResponse) => void) | undefined;
    try {
      authenticate(req);
      const match = api.router.match(req.method, req.path);
      if (!match) throw unrecognizedUrl(req.method, req.path);
      let form: FormObject;
      try {
        form = parseForm(req.query);
        if (req.method === 'POST') Object.assign(form, parseForm(req.body));
      } catch {
        throw new StripeFailure(400, { type: 'invalid_request_error', message: 'Invalid request body.' });
      }

      const idempotent = req.method === 'POST' && idempotencyKey !== null;
      const print = idempotent ? fingerprint(form) : '';
      if (idempotent) {
        const previous = core.idempotency.get(idempotencyKey);
        if (previous) {
          if (previous.method !== req.method || previous.path !== req.path)
            throw idempotencyError(
              `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${previous.method} ${previous.path}' vs '${req.method} ${req.path}'). Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            );
          if (previous.fingerprint !== print)
            throw idempotencyError(
              `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            );
          return {
            status: previous.status,
            headers: {
              'Content-Type': 'application/json',
              ...baseHeaders,
              'Idempotent-Replayed': 'true',
              'Original-Request': previous.requestId,
            },
            body: previous.body,
          };
        }
      }

      const ctx: ApiContext = {
        params: match.params,
        origin: { requestId: req.requestId, idempotencyKey },
        apiVersion,
      };
      if (idempotent)
        remember = (response) =>
          core.idempotency.set(idempotencyKey, {
            method: req.method,
            path: req.path,
            fingerprint: print,
            status: response.status,
            body: response.body,
            requestId: req.requestId,
          });
      const { result, expand: paths } = match.handler.run(form, ctx);
      const body = paths.length > 0 ? expand(result.body, paths, resolver) : result.body;
      const response = json(result.status ?? 200, body, baseHeaders);
      remember?.(response);
      return response;
    } catch (error) {
      if (error instanceof StripeFailure) {
        const response = failureResponse(error, baseHeaders);
        // A card decline happened (objects and events exist): like Stripe, the same key gets the same 402 again.
        if (error.status === 402) remember?.(response);
        return response;
      }
      core.settings.log(
        `internal error on ${req.method} ${req.path}: ${error instanceof Error ? error.stack : String(error)}`,
      );
      return failureResponse(apiError('An unexpected error occurred in the Stripe emulator.'), baseHeaders);
    }
  };
}
