import { type OrderStatus, isPaidStatus } from '@checkstand/contract';
import { conflict } from '../../../common/errors.js';

/** What a customer cannot do to an order that has money or whose payment is under way: 409 with the reason. */
export function refuseIfMoneyOrProcessing(status: OrderStatus): void {
  if (isPaidStatus(status)) throw conflict('order_already_paid', 'This order is already paid.');
  if (status === 'payment_mismatch') {
    throw conflict(
      'payment_under_review',
      'A payment was received for this order and is being reviewed by the shop; it will contact you.',
    );
  }
  if (status === 'processing') {
    throw conflict('payment_processing', 'A payment for this order is being processed; wait for its result.');
  }
}
