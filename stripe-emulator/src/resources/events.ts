import { invalidRequest, resourceMissing } from '../domain/errors.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { ApiRouter } from '../http/api-app.js';
import type { ListenHub } from '../listen/listen-hub.js';
import { s } from '../http/params.js';
import { inRange, listFields, newestFirst, paginate } from './list.js';

/** `checkout.session.*` style wildcards, as `type` accepts. */
function typeMatcher(pattern: string): (type: string) => boolean {
  if (!pattern.includes('*')) return (type) => type === pattern;
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return (type) => regex.test(type);
}

export function registerEventRoutes(api: ApiRouter, core: EmulatorCore, listen?: ListenHub): void {
  api.referenceRoute(
    'GET',
    '/v1/events',
    'list:event',
    s.obj({
      ...listFields,
      type: s.str(),
      types: s.arr(s.str(), { max: 20 }),
      created: s.range(),
      delivery_success: s.bool(),
    }),
    (p) => {
      if (p.type !== undefined && p.types !== undefined)
        throw invalidRequest('You may only specify one of these parameters: type, types.', 'type');
      let records = newestFirst(core.store.events.values());
      if (p.type !== undefined) {
        const match = typeMatcher(p.type);
        records = records.filter((r) => match(r.event.type));
      }
      if (p.types !== undefined) {
        const matchers = p.types.map(typeMatcher);
        records = records.filter((r) => matchers.some((match) => match(r.event.type)));
      }
      const created = p.created;
      if (created) records = records.filter((r) => inRange(r.event.created, created));
      if (p.delivery_success !== undefined) {
        const wanted = p.delivery_success;
        records = records.filter((r) => (r.event.pending_webhooks === 0) === wanted);
      }
      return {
        body: paginate(
          records.map((r) => r.event),
          p,
          '/v1/events',
          'event',
        ),
      };
    },
  );

  api.referenceRoute('GET', '/v1/events/:id', 'event', s.obj({}), (_p, ctx) => {
    const id = ctx.params.id ?? '';
    const record = core.store.events.get(id);
    if (!record) throw resourceMissing('event', id, 'id');
    return { body: record.event };
  });

  // `stripe events resend evt_…`: delivers the event again (same id) to every endpoint enabled for it — the
  // emulator's `--forward-to` endpoints play the part of the CLI's `stripe listen` — and, with `for_stripecli`
  // (what the CLI sends), to the connected `stripe listen` sessions; or to `webhook_endpoint` only.
  api.route(
    'POST',
    '/v1/events/:id/retry',
    'event',
    s.obj({ webhook_endpoint: s.str(), for_stripecli: s.bool(), account: s.any() }),
    (p, ctx) => {
      const id = ctx.params.id ?? '';
      const record = core.store.events.get(id);
      if (!record) throw resourceMissing('event', id, 'id');
      const endpointId = p.webhook_endpoint;
      if (endpointId !== undefined) {
        const endpoint = core.store.endpoints.get(endpointId);
        if (!endpoint) throw resourceMissing('webhook_endpoint', endpointId, 'webhook_endpoint');
        if (core.delivery.enqueue(record, 'resend', endpointId) === 0)
          throw invalidRequest(
            `The webhook endpoint ${endpointId} is not enabled for events of type ${record.event.type}.`,
            'webhook_endpoint',
          );
      } else {
        const listeners = p.for_stripecli === true ? (listen?.publish(record, 'resend') ?? 0) : 0;
        if (core.delivery.enqueue(record, 'resend') + listeners === 0)
          throw invalidRequest(
            `No webhook endpoint is enabled for events of type ${record.event.type} (start the emulator with --forward-to, run stripe listen, or create one with POST /v1/webhook_endpoints).`,
          );
      }
      return { body: record.event };
    },
  );
}
