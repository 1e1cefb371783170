import { invalidRequest } from '../domain/errors.js';
import type { ApiRouter } from '../http/api-app.js';
import { s } from '../http/params.js';
import { ListenHub } from './listen-hub.js';

/**
 * `POST /v1/stripecli/sessions`: what `stripe listen` calls first (and `--print-secret` only), with the same API
 * key rules as every `/v1` route. The parameters are those the CLI sends (`pkg/stripeauth`); the forward URLs
 * are informational for Stripe too (the CLI does the forwarding).
 */
export function registerStripeCliSessionRoutes(api: ApiRouter, hub: ListenHub): void {
  api.route(
    'POST',
    '/v1/stripecli/sessions',
    'stripecli.session',
    s.obj(
      {
        device_name: s.str({ max: 5000 }),
        websocket_features: s.arr(s.str()),
        filters: s.any(),
        forward_to_url: s.str(),
        forward_connect_to_url: s.str(),
        forward_thin_to_url: s.str(),
        forward_thin_connect_to_url: s.str(),
      },
      ['websocket_features'],
    ),
    (p) => {
      const features = p.websocket_features ?? [];
      const unsupported = ListenHub.unsupportedFeature(features);
      if (unsupported !== undefined || features.length === 0)
        throw invalidRequest(
          `The Stripe emulator supports the websocket features webhooks and v2_events (stripe listen), not ${unsupported ?? 'none'}.`,
          'websocket_features',
        );
      return { body: hub.createSession({ websocketFeatures: features }) };
    },
  );
}
