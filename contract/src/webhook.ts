import { z } from 'zod';

/** What `POST /api/payments/webhook` answers Stripe once an event is durably recorded. */
export const WebhookAck = z.object({ received: z.literal(true), duplicate: z.literal(true).optional() });
export type WebhookAck = z.infer<typeof WebhookAck>;
