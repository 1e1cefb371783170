import type { DisputeStatus, RefundStatus } from '@checkstand/contract';
import type { Conn } from '../../db/database.js';
import type { DisputeRow, EarlyFraudWarningRow, OrderRow, RefundRow } from '../../db/schema.js';
import {
  type DisputeSnapshot,
  type FraudWarningSnapshot,
  type MoneySnapshot,
  type RefundSnapshot,
  noMoney,
} from './decision-types.js';
import { ordersRepository as orders } from './orders.repository.js';
import { type PaymentFact, isMoneyFact } from './payment-fact.js';

export const refundSnapshotOf = (row: RefundRow): RefundSnapshot => ({
  id: row.id,
  paymentIntentId: row.paymentIntentId,
  amount: row.amount,
  currency: row.currency,
  // The table's check constraint admits only the contract's statuses.
  status: row.status as RefundStatus,
  reason: row.reason,
  failureReason: row.failureReason,
  requestedBy: row.requestedBy,
});

export const disputeSnapshotOf = (row: DisputeRow): DisputeSnapshot => ({
  id: row.id,
  paymentIntentId: row.paymentIntentId,
  chargeId: row.chargeId,
  amount: row.amount,
  currency: row.currency,
  reason: row.reason,
  // The table's check constraint admits only the contract's statuses.
  status: row.status as DisputeStatus,
  evidenceDueBy: row.evidenceDueBy,
  amountWithdrawn: row.amountWithdrawn,
  amountReinstated: row.amountReinstated,
  openedAt: row.openedAt,
});

export const fraudWarningSnapshotOf = (row: EarlyFraudWarningRow): FraudWarningSnapshot => ({
  id: row.id,
  paymentIntentId: row.paymentIntentId,
  chargeId: row.chargeId,
  fraudType: row.fraudType,
  actionable: row.actionable,
  raisedAt: row.raisedAt,
});

/**
 * What of the order's money a fact needs, read under the order's lock: nothing for a fact about a session that
 * has no money yet, the payments for every money fact, and the refunds, disputes or warnings for facts about them.
 */
export async function moneyFor(conn: Conn, order: OrderRow, fact: PaymentFact): Promise<MoneySnapshot> {
  // Every payment is recorded with the first one as primary: an order without one has no money at all.
  if (order.paymentIntentId === null || !isMoneyFact(fact)) return noMoney();
  const [payments, refunds, disputes, fraudWarnings] = await Promise.all([
    orders.listPayments(conn, order.id),
    fact.kind === 'refunds_reported' ? orders.listRefunds(conn, order.id) : [],
    fact.kind === 'dispute_reported' ? orders.listDisputes(conn, order.id) : [],
    fact.kind === 'fraud_warning_reported' ? orders.listFraudWarnings(conn, order.id) : [],
  ]);
  return {
    payments,
    refunds: refunds.map(refundSnapshotOf),
    disputes: disputes.map(disputeSnapshotOf),
    fraudWarnings: fraudWarnings.map(fraudWarningSnapshotOf),
  };
}
