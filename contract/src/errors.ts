import { z } from 'zod';

/**
 * Every error answers `{ "error": { "code", "message", "details"? } }`. The codes are stable and machine-readable;
 * the messages are for people.
 */
export const ERROR_CODES = [
  // Generic HTTP-level failures.
  'bad_request',
  'invalid_json',
  'payload_too_large',
  'unsupported_media_type',
  'request_aborted',
  'not_found',
  'method_not_allowed',
  'not_acceptable',
  'request_timeout',
  'conflict',
  'unprocessable_entity',
  'too_many_requests',
  'unauthorized',
  'forbidden',
  'json_required',
  'internal_error',
  'not_ready',
  // Checkout.
  'invalid_cart',
  'invalid_email',
  'unknown_product',
  'payments_not_configured',
  'payment_provider_unavailable',
  'insufficient_stock',
  'hold_limit_reached',
  // A customer's order.
  'order_not_found',
  'order_already_paid',
  'payment_processing',
  'payment_under_review',
  'retry_in_progress',
  'order_not_retryable',
  'order_not_cancellable',
  // Stripe's webhook.
  'webhook_not_configured',
  'missing_signature',
  'invalid_signature',
  'invalid_payload',
  'invalid_event',
  'retry_later',
  // Admin.
  'invalid_credentials',
  'invalid_credentials_format',
  'too_many_attempts',
  'invalid_query',
  'invalid_refund',
  'order_not_refundable',
  'payment_not_found',
  'refund_exceeds_remaining',
  'refund_rejected',
  'invalid_fulfilment',
  'not_ready_to_ship',
  'fulfilment_not_allowed',
  'invalid_settings',
  'invalid_shipping_rate',
  'shipping_rate_not_found',
  'invalid_promotion_code',
  'promotion_code_exists',
  'promotion_code_not_found',
  'invalid_stock',
  'product_not_found',
  'hold_not_found',
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({
  error: z.object({
    code: z.string().min(1),
    message: z.string().min(1),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** `details` of `unknown_product`. */
export const UnknownProductDetails = z.object({ productIds: z.array(z.string()) });

/** `details` of a checkout that failed after its order was written: the order can be retried. */
export const RetryableOrderDetails = z.object({ orderId: z.string(), orderToken: z.string() });

/** `details` of `insufficient_stock`: each product short of what the cart asks, with what is available now. */
export const InsufficientStockDetails = z.object({
  products: z.array(
    z.object({ productId: z.string(), requested: z.int(), available: z.int().nonnegative() }),
  ),
});
export type InsufficientStockDetails = z.infer<typeof InsufficientStockDetails>;
