import { StripeFailure } from '../domain/errors.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { EventOrigin } from '../state/event-bus.js';
import type { SessionRecord } from '../state/store.js';
import { invalidApiVersion, isStripeApiVersion } from './api-versions.js';
import { authenticate } from './auth.js';
import { apiError, failureResponse, unrecognizedUrl } from './errors.js';
import { expand, validateExpand, type Resolver } from './expand.js';
import { emptyForm, parseForm, type FormObject } from './form.js';
import { checkIdempotencyKey, fingerprint, replay, savesFailure } from './idempotency.js';
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
  /**
   * Validates the parameters and returns the endpoint's execution: a refusal here happens before the endpoint
   * executes, which matters for idempotency keys (`idempotency.ts`).
   */
  prepare(form: FormObject): { expand: string[]; execute(ctx: ApiContext): ApiResult };
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
      prepare: (form) => {
        const { expand: expandPaths = [], ...params } = validateParams(withExpand, form);
        validateExpand(resultType, expandPaths);
        // `params` is the validated object minus `expand`: exactly the shape `spec` describes.
        return { expand: expandPaths, execute: (ctx) => handler(params as Infer<ObjSpec<F>>, ctx) };
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
    const idempotencyKey = header(req, 'idempotency-key') ?? null;
    const baseHeaders: Record<string, string> = {
      'Request-Id': req.requestId,
      'Stripe-Version': core.defaultApiVersion,
    };
    if (idempotencyKey) baseHeaders['Idempotency-Key'] = idempotencyKey;
    /** Set once the endpoint executes (parameters valid): its result is saved for the key, whatever it is. */
    let remember: ((response: HttpResponse) => void) | undefined;
    let form = emptyForm();
    try {
      authenticate(req);
      // Stripe answers an unknown version with a 400; a known one labels the answer and the events it causes.
      let apiVersion = core.defaultApiVersion;
      if (versionHeader) {
        if (!isStripeApiVersion(versionHeader)) throw invalidApiVersion(versionHeader);
        core.defaultApiVersion = apiVersion = versionHeader;
        baseHeaders['Stripe-Version'] = apiVersion;
      }
      const match = api.router.match(req.method, req.path);
      if (!match) throw unrecognizedUrl(req.method, req.path);
      try {
        form = parseForm(req.query);
        if (req.method === 'POST') Object.assign(form, parseForm(req.body));
      } catch {
        throw new StripeFailure(400, { type: 'invalid_request_error', message: 'Invalid request body.' });
      }

      // Keys only matter on POST: GET and DELETE are idempotent already (Stripe ignores keys there too).
      const idempotent = req.method === 'POST' && idempotencyKey !== null;
      const print = idempotent ? fingerprint(form) : '';
      if (idempotent) {
        checkIdempotencyKey(idempotencyKey);
        const previous = core.idempotency.get(idempotencyKey, core.clock.now());
        if (previous) return replay(previous, idempotencyKey, req, print, baseHeaders);
      }

      const prepared = match.handler.prepare(form);
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
            createdAt: core.clock.now(),
          });
      const result = prepared.execute(ctx);
      const body = prepared.expand.length > 0 ? expand(result.body, prepared.expand, resolver) : result.body;
      const response = json(result.status ?? 200, body, baseHeaders);
      remember?.(response);
      return response;
    } catch (error) {
      if (error instanceof StripeFailure) {
        const response = failureResponse(error, baseHeaders);
        if (remember && savesFailure(error, form)) remember(response);
        return response;
      }
      core.settings.log(
        `internal error on ${req.method} ${req.path}: ${error instanceof Error ? error.stack : String(error)}`,
      );
      const response = failureResponse(
        apiError('An unexpected error occurred in the Stripe emulator.'),
        baseHeaders,
      );
      // Like Stripe: "Subsequent requests with the same key return the same result, including 500 errors."
      remember?.(response);
      return response;
    }
  };
}
