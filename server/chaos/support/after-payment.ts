import { OPEN_DISPUTE_STATUSES } from '@checkstand/contract';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/database.js';
import { type ChaosOrder, type World, pool } from './world.js';

/**
 * What happens to a paid order afterwards, decided by its index (every run the same): refunds made in Stripe's
 * dashboard (some on the card whose refunds fail days later), disputes won, lost or still open, an inquiry, early
 * fraud warnings answered with a refund or left standing.
 */
export type AfterPlan =
  | 'plain'
  | 'refund_part'
  | 'refund_all'
  | 'refund_all_fails'
  | 'refund_part_fails'
  | 'dispute_open'
  | 'dispute_lost'
  | 'dispute_won'
  | 'inquiry'
  | 'warning_refunded'
  | 'warning_open';

const PLANS: AfterPlan[] = [
  'plain',
  'refund_part',
  'refund_all',
  'refund_all_fails',
  'refund_part_fails',
  'dispute_open',
  'dispute_lost',
  'dispute_won',
  'inquiry',
  'warning_refunded',
  'warning_open',
];
export const afterPlanOf = (index: number): AfterPlan => PLANS[index % PLANS.length]!;

function cardOf(plan: AfterPlan): string {
  if (plan.endsWith('_fails')) return '4000000000005126';
  if (plan.startsWith('dispute')) return '4000000000000259';
  if (plan === 'inquiry') return '4000000000001976';
  if (plan.startsWith('warning')) return '4000000000005423';
  return '4242424242424242';
}

async function intentOf(w: World, order: ChaosOrder): Promise<string> {
  const session = await w.stripe.checkout.sessions.retrieve(order.sessionId);
  return session.payment_intent as string;
}

/** The customers pay, then the owner and the card networks act, all during the chaos the caller set up. */
export async function payAndAfter(w: World, orders: ChaosOrder[]): Promise<void> {
  await pool(orders, 16, async (order) => {
    await w.control.pay(order.sessionId, cardOf(afterPlanOf(order.index)));
  });
  await pool(orders, 8, async (order) => {
    const plan = afterPlanOf(order.index);
    const paymentIntent = await intentOf(w, order);
    const { amount } = await w.stripe.paymentIntents.retrieve(paymentIntent);
    if (plan === 'refund_part' || plan === 'refund_part_fails') {
      await w.stripe.refunds.create({ payment_intent: paymentIntent, amount: Math.floor(amount / 3) });
    }
    if (plan === 'refund_all' || plan === 'refund_all_fails' || plan === 'warning_refunded') {
      await w.stripe.refunds.create({ payment_intent: paymentIntent });
    }
    if (plan === 'dispute_lost' || plan === 'dispute_won') {
      const [dispute] = (await w.stripe.disputes.list({ payment_intent: paymentIntent })).data;
      if (!dispute) throw new Error(`no dispute for ${order.orderId}`);
      await w.control.closeDispute(dispute.id, plan === 'dispute_lost' ? 'lost' : 'won');
    }
  });
}

/** What Stripe's own objects say the order is: status, refunded amount, flags (`status refunded flags`). */
export async function afterPaymentTruth(w: World, order: ChaosOrder): Promise<string> {
  const paymentIntent = await intentOf(w, order);
  const intent = await w.stripe.paymentIntents.retrieve(paymentIntent);
  const refunds = await w.stripe.refunds.list({ payment_intent: paymentIntent, limit: 100 });
  const refunded = refunds.data.filter((r) => r.status === 'succeeded').reduce((sum, r) => sum + r.amount, 0);
  const disputes = await w.stripe.disputes.list({ payment_intent: paymentIntent, limit: 100 });
  const warnings = await w.stripe.radar.earlyFraudWarnings.list({
    payment_intent: paymentIntent,
    limit: 100,
  });
  const flags = [
    ...(disputes.data.some((d) => (OPEN_DISPUTE_STATUSES as readonly string[]).includes(d.status))
      ? ['dispute_open']
      : []),
    ...(disputes.data.some((d) => d.status === 'lost') ? ['dispute_lost'] : []),
    ...(warnings.data.some((x) => x.actionable) ? ['fraud_warning'] : []),
  ];
  const status =
    refunded >= intent.amount_received ? 'refunded' : refunded > 0 ? 'partially_refunded' : 'paid';
  return `${status} ${refunded} ${flags.sort().join(',')}`;
}

/** The same line, as the store has it. */
export async function afterPaymentActual(w: World): Promise<Map<string, string>> {
  const rows = await queryRows<{ id: string; status: string; amount_refunded: number; flags: string[] }>(
    w.database.db,
    sql`select id, status, amount_refunded, flags from orders`,
  );
  return new Map(
    rows.map((r) => [r.id, `${r.status} ${r.amount_refunded} ${[...r.flags].sort().join(',')}`]),
  );
}
