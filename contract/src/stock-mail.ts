import { z } from 'zod';
import { Product } from './catalog.js';
import { Instant, OrderId } from './primitives.js';

/** A product as the admin's product list shows it: the public view, its stock and what checkouts hold. */
export const AdminProduct = Product.extend({
  /** Units on hand and not yet sold; null: unlimited. */
  stock: z.int().nonnegative().nullable(),
  /** Units held by checkouts in progress. */
  reserved: z.int().nonnegative(),
  active: z.boolean(),
});
export type AdminProduct = z.infer<typeof AdminProduct>;
export const AdminProductList = z.object({ products: z.array(AdminProduct) });
export type AdminProductList = z.infer<typeof AdminProductList>;

/** `PATCH /api/admin/products/:productId`: the units on hand (null: unlimited). */
export const StockUpdate = z.object({ stock: z.int().min(0).max(1_000_000_000).nullable() }).strict();
export type StockUpdate = z.infer<typeof StockUpdate>;

export const HOLD_STATUSES = ['held', 'committed', 'released'] as const;
export const HoldStatus = z.enum(HOLD_STATUSES);
export type HoldStatus = z.infer<typeof HoldStatus>;

/** Units of a product held for one checkout attempt of an order. */
export const AdminHold = z.object({
  orderId: OrderId,
  attemptNo: z.int().positive(),
  productId: z.string(),
  productTitle: z.string(),
  quantity: z.int().positive(),
  /** An opaque, short key of the client that opened the checkout (the same client: the same key). */
  holder: z.string(),
  status: HoldStatus,
  expiresAt: Instant,
  createdAt: Instant,
  endedAt: Instant.nullable(),
});
export type AdminHold = z.infer<typeof AdminHold>;
/** `GET /api/admin/holds`: what checkouts in progress hold, soonest to expire first. */
export const AdminHoldList = z.object({ holds: z.array(AdminHold) });
export type AdminHoldList = z.infer<typeof AdminHoldList>;

/** The e-mails the store sends: four to the customer, one to the owner. */
export const MESSAGE_KINDS = [
  'order_confirmation',
  'payment_failed',
  'payment_processing',
  'refund_issued',
  'dispute_opened',
] as const;
export const MessageKind = z.enum(MESSAGE_KINDS);
export type MessageKind = z.infer<typeof MessageKind>;

/** `pending` (to send, or retrying), `sent`, `failed` (gave up after its retries), `skipped` (no recipient). */
export const MESSAGE_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export const MessageStatus = z.enum(MESSAGE_STATUSES);
export type MessageStatus = z.infer<typeof MessageStatus>;

/** An e-mail of an order, as the admin's order page lists it. */
export const AdminMessage = z.object({
  id: z.string(),
  kind: MessageKind,
  recipient: z.string().nullable(),
  status: MessageStatus,
  attempts: z.int().nonnegative(),
  lastError: z.string().nullable(),
  createdAt: Instant,
  sentAt: Instant.nullable(),
});
export type AdminMessage = z.infer<typeof AdminMessage>;

/** The answer of `PATCH /api/admin/products/:productId`. */
export const AdminProductEnvelope = z.object({ product: AdminProduct });
export type AdminProductEnvelope = z.infer<typeof AdminProductEnvelope>;

/** The answer of `POST /api/admin/holds/:orderId/:attemptNo/release`: how many held lines it released. */
export const HoldsReleased = z.object({ released: z.int().nonnegative() });
export type HoldsReleased = z.infer<typeof HoldsReleased>;
