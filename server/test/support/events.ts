import { type Stack, type StripeEventLike, signedHeaders } from './stack.js';

/** Runs `act` with the session's deliveries dropped, and returns the events Stripe made of it, oldest first. */
export async function heldEvents(
  s: Stack,
  sessionId: string,
  act: () => Promise<unknown>,
): Promise<StripeEventLike[]> {
  await s.control.chaos({ dropSessions: [sessionId] });
  await act();
  return s.control.events(sessionId);
}

/** The last event of a type among `events`. */
export function ofType(events: StripeEventLike[], type: string): StripeEventLike {
  const found = events.filter((e) => e.type === type).at(-1);
  if (!found) throw new Error(`no ${type} among ${events.map((e) => e.type).join(', ')}`);
  return found;
}

/** Delivers an event to the store's webhook, signed as Stripe signs it. */
export async function deliver(s: Stack, event: StripeEventLike | Record<string, unknown>) {
  const payload = JSON.stringify(event);
  return s.api.webhook(payload, signedHeaders(s, payload));
}
