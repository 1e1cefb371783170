import { ids } from '../core/ids.js';
import { invalidRequest, missingParam, resourceMissing } from '../domain/errors.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { ApiRouter } from '../http/api-app.js';
import { STRIPE_API_VERSIONS } from '../http/api-versions.js';
import { s } from '../http/params.js';
import type { WebhookEndpoint } from '../objects/types.js';
import type { EndpointRecord } from '../state/store.js';
import { listFields, newestFirst, paginate } from './list.js';

const EVENT_TYPE = /^[a-z_]+(\.[a-z_]+)+$/;

export function newEndpointRecord(
  core: EmulatorCore,
  input: {
    url: string;
    enabledEvents: string[];
    secret: string;
    source: EndpointRecord['source'];
    description?: string | null;
    metadata?: Record<string, string>;
    apiVersion?: string | null;
  },
): EndpointRecord {
  const endpoint: WebhookEndpoint = {
    id: ids.webhookEndpoint(),
    object: 'webhook_endpoint',
    api_version: input.apiVersion ?? null,
    application: null,
    created: core.clock.now(),
    description: input.description ?? null,
    enabled_events: input.enabledEvents,
    livemode: false,
    metadata: input.metadata ?? {},
    status: 'enabled',
    url: input.url,
  };
  return { endpoint, secret: input.secret, source: input.source };
}

export function registerWebhookEndpointRoutes(api: ApiRouter, core: EmulatorCore): void {
  const { store } = core;
  const find = (id: string): EndpointRecord => {
    const record = store.endpoints.get(id);
    if (!record) throw resourceMissing('webhook_endpoint', id, 'webhook_endpoint');
    return record;
  };

  api.route(
    'POST',
    '/v1/webhook_endpoints',
    'webhook_endpoint',
    s.obj({
      url: s.str({ max: 5000 }),
      enabled_events: s.arr(s.str()),
      description: s.str({ max: 5000 }),
      metadata: s.map(),
      // Events are rendered for this version (webhooks/render.ts); Stripe's spec lists every version it takes.
      api_version: s.enum(STRIPE_API_VERSIONS),
      // Connect endpoints (events of connected accounts) are not emulated.
      connect: s.any(),
    }),
    (p) => {
      if (p.url === undefined) throw missingParam('url');
      if (!/^https?:\/\/\S+$/i.test(p.url))
        throw invalidRequest(
          'Invalid URL: URL must be publicly accessible or http(s).',
          'url',
          'url_invalid',
        );
      if (!p.enabled_events || p.enabled_events.length === 0) throw missingParam('enabled_events');
      p.enabled_events.forEach((type, index) => {
        if (type !== '*' && !EVENT_TYPE.test(type))
          throw invalidRequest(
            `Invalid enabled_events[${index}]: unknown event type ${type}`,
            `enabled_events[${index}]`,
          );
      });
      const record = newEndpointRecord(core, {
        url: p.url,
        enabledEvents: p.enabled_events,
        secret: ids.webhookSecret(),
        source: 'api',
        description: p.description ?? null,
        metadata: p.metadata ?? {},
        apiVersion: p.api_version ?? null,
      });
      store.endpoints.set(record.endpoint.id, record);
      // Like Stripe, the secret is only returned when the endpoint is created.
      return { body: { ...record.endpoint, secret: record.secret } };
    },
  );

  api.route('GET', '/v1/webhook_endpoints', 'list:webhook_endpoint', s.obj(listFields), (p) => ({
    body: paginate(
      newestFirst(store.endpoints.values()).map((r) => r.endpoint),
      p,
      '/v1/webhook_endpoints',
      'webhook_endpoint',
    ),
  }));

  api.route('GET', '/v1/webhook_endpoints/:id', 'webhook_endpoint', s.obj({}), (_p, ctx) => ({
    body: find(ctx.params.id ?? '').endpoint,
  }));

  api.route('DELETE', '/v1/webhook_endpoints/:id', 'deleted', s.obj({}), (_p, ctx) => {
    const record = find(ctx.params.id ?? '');
    store.endpoints.delete(record.endpoint.id);
    return { body: { id: record.endpoint.id, object: 'webhook_endpoint', deleted: true } };
  });
}
