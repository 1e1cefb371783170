import type { StripeEvent } from '../objects/stripe-object.js';
import { objectForVersion, type ShapeLookups } from './version-shapes.js';

/**
 * An event's body as delivered to one endpoint. Stripe renders events for the endpoint's `api_version` when it has
 * one (else the version the event was created with), and `api_version` in the body says which. The emulator's
 * objects have the pinned version's shape; for an endpoint pinned to an older version the event's object is
 * reshaped by the breaking changes between the two (webhooks/version-shapes.ts).
 */
export function renderEvent(
  event: StripeEvent,
  endpointApiVersion: string | null,
  lookups: ShapeLookups,
): string {
  if (endpointApiVersion === null || endpointApiVersion === event.api_version)
    return JSON.stringify(event, null, 2);
  const object = objectForVersion(
    event.data.object as unknown as Record<string, unknown>,
    endpointApiVersion,
    lookups,
  );
  const rendered = { ...event, api_version: endpointApiVersion, data: { ...event.data, object } };
  return JSON.stringify(rendered, null, 2);
}
