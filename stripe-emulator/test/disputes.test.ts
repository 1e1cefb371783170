import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionParams, startHarness, type Harness } from './support/harness.js';

/**
 * Stripe's dispute and fraud-warning test cards (https://docs.stripe.com/testing#disputes, #fraud-prevention),
 * the disputes API and the control API's decisions.
 */
let h: Harness;
const auth = (): Record<string, string> => ({ Authorization: `Bearer ${h.emulator.secretKey}` });

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function paidSession(card: string): Promise<{ sessionId: string; intentId: string; total: number }> {
  const session = await h.stripe.checkout.sessions.create(sessionParams());
  const paid = await h.control.pay(session.id, { card });
  expect(paid.body.outcome).toBe('succeeded');
  return {
    sessionId: session.id,
    intentId: paid.body.session.payment_intent as string,
    total: session.amount_total ?? 0,
  };
}

async function disputeOf(intentId: string): Promise<Stripe.Dispute> {
  const { data } = await h.stripe.disputes.list({ payment_intent: intentId });
  expect(data).toHaveLength(1);
  return data[0] as Stripe.Dispute;
}

function closeByControl(id: string, outcome: unknown): Promise<{ status: number; body: Stripe.Dispute }> {
  return h.control.request<Stripe.Dispute>('POST', `/_emulator/disputes/${id}/close`, { outcome });
}

describe('disputes', () => {
  it('4000 0000 0000 0259: a fraudulent chargeback right after the payment, funds withdrawn', async () => {
    const { sessionId, intentId, total } = await paidSession('4000000000000259');
    const dispute = await disputeOf(intentId);
    const intent = await h.stripe.paymentIntents.retrieve(intentId);
    expect(dispute).toMatchObject({
      object: 'dispute',
      status: 'needs_response',
      reason: 'fraudulent',
      amount: total,
      currency: 'eur',
      charge: intent.latest_charge,
      payment_intent: intentId,
      is_charge_refundable: false,
      livemode: false,
      evidence_details: { has_evidence: false, past_due: false, submission_count: 0 },
    });
    expect(dispute.id).toMatch(/^dp_/);
    expect(dispute.evidence_details.due_by).toBe(dispute.created + 7 * 24 * 3600);
    expect(dispute.balance_transactions).toHaveLength(1);
    expect(dispute.balance_transactions[0]).toMatchObject({
      amount: -total,
      fee: 1500,
      net: -total - 1500,
      reporting_category: 'dispute',
    });
    expect((await h.stripe.charges.retrieve(intent.latest_charge as string)).disputed).toBe(true);
    const types = await h.control.eventTypes(sessionId);
    expect(types.slice(4)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn']);

    // A chargeback took the money: the charge cannot be refunded any more.
    const refused = await h.stripe.refunds.create({ payment_intent: intentId }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((refused as Stripe.errors.StripeError).code).toBe('charge_disputed');
  });

  it('pm_card_createDisputeProductNotReceived through POST /v1/payment_intents (confirm=true)', async () => {
    const intent = await h.stripe.paymentIntents.create({
      amount: 4200,
      currency: 'usd',
      confirm: true,
      payment_method: 'pm_card_createDisputeProductNotReceived',
    });
    expect(intent.status).toBe('succeeded');
    const dispute = await disputeOf(intent.id);
    expect(dispute).toMatchObject({ reason: 'product_not_received', status: 'needs_response', amount: 4200 });
    expect(await h.stripe.disputes.retrieve(dispute.id)).toMatchObject({ id: dispute.id });
    expect(
      (await h.stripe.disputes.retrieve(dispute.id, { expand: ['charge'] })).charge as Stripe.Charge,
    ).toMatchObject({ object: 'charge', disputed: true });
  });

  it('4000 0000 0000 1976 (pm_card_createDisputeInquiry via payment_pages): an inquiry moves no money', async () => {
    const session = await h.stripe.checkout.sessions.create(sessionParams());
    const confirmed = await fetch(`${h.emulator.url}/v1/payment_pages/${session.id}/confirm`, {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'payment_method=pm_card_createDisputeInquiry',
    });
    expect(confirmed.status).toBe(200);
    const paid = await h.stripe.checkout.sessions.retrieve(session.id);
    const dispute = await disputeOf(paid.payment_intent as string);
    expect(dispute).toMatchObject({
      status: 'warning_needs_response',
      reason: 'general',
      is_charge_refundable: true,
      balance_transactions: [],
    });
    expect((await h.control.eventTypes(session.id)).slice(4)).toEqual(['charge.dispute.created']);
    // An inquiry leaves the charge refundable.
    const refund = await h.stripe.refunds.create({ payment_intent: paid.payment_intent as string });
    expect(refund.status).toBe('succeeded');
  });

  it('evidence and metadata updates, then submit: charge.dispute.updated with previous_attributes', async () => {
    const { sessionId, intentId } = await paidSession('4000000000002685');
    const dispute = await disputeOf(intentId);
    const draft = await h.stripe.disputes.update(dispute.id, {
      evidence: { customer_name: 'Jenny Rosen', shipping_tracking_number: 'TRACK123' },
      metadata: { order_id: 'ord_1' },
    });
    expect(draft).toMatchObject({
      status: 'needs_response',
      evidence: { customer_name: 'Jenny Rosen', shipping_tracking_number: 'TRACK123', receipt: null },
      evidence_details: { has_evidence: true, submission_count: 0 },
      metadata: { order_id: 'ord_1' },
    });
    const submitted = await h.stripe.disputes.update(dispute.id, {
      evidence: { product_description: 'A sturdy mug' },
      submit: true,
    });
    expect(submitted).toMatchObject({ status: 'under_review', evidence_details: { submission_count: 1 } });
    const updates = (await h.control.events(sessionId)).filter((e) => e.type === 'charge.dispute.updated');
    expect(updates.map((e) => e.data.previous_attributes)).toEqual([
      {
        evidence: { customer_name: null, shipping_tracking_number: null },
        evidence_details: {
          due_by: dispute.evidence_details.due_by,
          has_evidence: false,
          past_due: false,
          submission_count: 0,
        },
        metadata: { order_id: null },
      },
      {
        evidence: { product_description: null },
        status: 'needs_response',
        evidence_details: {
          due_by: dispute.evidence_details.due_by,
          has_evidence: true,
          past_due: false,
          submission_count: 0,
        },
      },
    ]);
    // Submitted: the evidence is final (metadata can still change), and no decision comes by itself.
    const late = await h.stripe.disputes
      .update(dispute.id, { evidence: { receipt: 'x' } })
      .catch((e: unknown) => e);
    expect((late as Stripe.errors.StripeError).message).toMatch(/already been submitted/);
    expect((await h.stripe.disputes.update(dispute.id, { metadata: { order_id: '' } })).metadata).toEqual({});
    await h.control.advance(60);
    expect((await h.stripe.disputes.retrieve(dispute.id)).status).toBe('under_review');
  });

  it.each([
    ['winning_evidence', 'won', ['charge.dispute.closed', 'charge.dispute.funds_reinstated']],
    ['losing_evidence', 'lost', ['charge.dispute.closed']],
  ])('test evidence %s decides the dispute (%s) a moment after submission', async (text, status, tail) => {
    const { sessionId, intentId, total } = await paidSession('4000000000000259');
    const dispute = await disputeOf(intentId);
    await h.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: text }, submit: true });
    const decided = await h.stripe.disputes.retrieve(dispute.id);
    expect(decided.status).toBe(status);
    expect((await h.control.eventTypes(sessionId)).slice(-tail.length)).toEqual(tail);
    if (status === 'won') {
      expect(decided.balance_transactions.map((t) => t.net)).toEqual([-total - 1500, total + 1500]);
      expect(decided.balance_transactions[1]?.reporting_category).toBe('dispute_reversal');
    }
  });

  it('escalate_inquiry_evidence turns an inquiry into a chargeback', async () => {
    const { sessionId, intentId, total } = await paidSession('4000000000001976');
    const inquiry = await disputeOf(intentId);
    await h.stripe.disputes.update(inquiry.id, {
      evidence: { uncategorized_text: 'escalate_inquiry_evidence' },
      submit: true,
    });
    const escalated = await h.stripe.disputes.retrieve(inquiry.id);
    expect(escalated).toMatchObject({ status: 'needs_response', is_charge_refundable: false });
    expect(escalated.balance_transactions[0]?.amount).toBe(-total);
    expect((await h.control.eventTypes(sessionId)).slice(-3)).toEqual([
      'charge.dispute.updated',
      'charge.dispute.updated',
      'charge.dispute.funds_withdrawn',
    ]);
  });

  it('POST /v1/disputes/:id/close: the merchant accepts (lost; an inquiry closes as warning_closed)', async () => {
    const { sessionId, intentId } = await paidSession('4000000000000259');
    const dispute = await disputeOf(intentId);
    const closed = await h.stripe.disputes.close(dispute.id);
    expect(closed.status).toBe('lost');
    expect((await h.control.eventTypes(sessionId)).at(-1)).toBe('charge.dispute.closed');
    const again = await h.stripe.disputes.close(dispute.id).catch((e: unknown) => e);
    expect((again as Stripe.errors.StripeError).message).toMatch(/already closed/);

    const inquiry = await disputeOf((await paidSession('4000000000001976')).intentId);
    expect((await h.stripe.disputes.close(inquiry.id)).status).toBe('warning_closed');
  });

  it('the control API decides: won (funds reinstated), lost, an inquiry warning_closed; bad input refused', async () => {
    const won = await disputeOf((await paidSession('4000000000000259')).intentId);
    const wonResponse = await closeByControl(won.id, 'won');
    expect(wonResponse.status).toBe(200);
    expect(wonResponse.body).toMatchObject({ status: 'won' });
    expect(wonResponse.body.balance_transactions).toHaveLength(2);

    const { sessionId, intentId } = await paidSession('4000000000002685');
    const lost = await disputeOf(intentId);
    await h.stripe.disputes.update(lost.id, { submit: true });
    expect((await closeByControl(lost.id, 'lost')).body.status).toBe('lost');
    expect((await h.control.eventTypes(sessionId)).at(-1)).toBe('charge.dispute.closed');

    const inquiry = await disputeOf((await paidSession('4000000000001976')).intentId);
    expect((await closeByControl(inquiry.id, 'won')).body.status).toBe('warning_closed');

    expect((await closeByControl(won.id, 'lost')).status).toBe(400);
    expect((await closeByControl(inquiry.id, 'maybe')).status).toBe(400);
    expect((await closeByControl('dp_missing', 'won')).status).toBe(404);
  });

  it('lists disputes newest first with charge / payment_intent / created filters and paging', async () => {
    const first = await paidSession('4000000000000259');
    const second = await paidSession('4000000000001976');
    const newest = await h.stripe.disputes.list({ limit: 2 });
    expect(newest.data.map((d) => d.payment_intent)).toEqual([second.intentId, first.intentId]);
    expect(newest.has_more).toBe(true);
    const next = await h.stripe.disputes.list({ limit: 1, starting_after: newest.data[0]?.id ?? '' });
    expect(next.data[0]?.payment_intent).toBe(first.intentId);
    const charge = (await h.stripe.paymentIntents.retrieve(first.intentId)).latest_charge as string;
    expect((await h.stripe.disputes.list({ charge })).data.map((d) => d.charge)).toEqual([charge]);
    const created = newest.data[0]?.created ?? 0;
    const later = await h.stripe.disputes.list({ created: { gt: created + 3600 } });
    expect(later.data).toEqual([]);
    const missing = await h.stripe.disputes.retrieve('dp_missing').catch((e: unknown) => e);
    expect((missing as Stripe.errors.StripeError).statusCode).toBe(404);
  });
});

describe('early fraud warnings', () => {
  it('4000 0000 0000 5423: an actionable warning; a full refund makes it not actionable', async () => {
    const { sessionId, intentId, total } = await paidSession('4000000000005423');
    const { data } = await h.stripe.radar.earlyFraudWarnings.list({ payment_intent: intentId });
    expect(data).toHaveLength(1);
    const warning = data[0] as Stripe.Radar.EarlyFraudWarning;
    const intent = await h.stripe.paymentIntents.retrieve(intentId);
    expect(warning).toMatchObject({
      object: 'radar.early_fraud_warning',
      actionable: true,
      fraud_type: 'made_with_stolen_card',
      charge: intent.latest_charge,
      payment_intent: intentId,
      livemode: false,
    });
    expect(warning.id).toMatch(/^issfr_/);
    expect(await h.stripe.radar.earlyFraudWarnings.retrieve(warning.id)).toMatchObject({ id: warning.id });
    expect(
      (await h.stripe.radar.earlyFraudWarnings.list({ charge: intent.latest_charge as string })).data,
    ).toHaveLength(1);
    expect(await h.stripe.disputes.list({ payment_intent: intentId })).toMatchObject({ data: [] });

    // Stripe: actionable until the charge is fully refunded.
    await h.stripe.refunds.create({ payment_intent: intentId, amount: 100 });
    expect((await h.stripe.radar.earlyFraudWarnings.retrieve(warning.id)).actionable).toBe(true);
    await h.stripe.refunds.create({ payment_intent: intentId, amount: total - 100 });
    expect((await h.stripe.radar.earlyFraudWarnings.retrieve(warning.id)).actionable).toBe(false);
    const events = await h.control.events(sessionId);
    expect(events.slice(4).map((e) => e.type)).toEqual([
      'radar.early_fraud_warning.created',
      'refund.created',
      'charge.refunded',
      'refund.created',
      'charge.refunded',
      'radar.early_fraud_warning.updated',
    ]);
    expect(events.at(-1)?.data.previous_attributes).toEqual({ actionable: true });
    const missing = await h.stripe.radar.earlyFraudWarnings
      .retrieve('issfr_missing')
      .catch((e: unknown) => e);
    expect((missing as Stripe.errors.StripeError).statusCode).toBe(404);
  });

  it('pm_card_createIssuerFraudRecord through the API', async () => {
    const intent = await h.stripe.paymentIntents.create({
      amount: 1000,
      currency: 'usd',
      confirm: true,
      payment_method: 'pm_card_createIssuerFraudRecord',
    });
    const { data } = await h.stripe.radar.earlyFraudWarnings.list({ payment_intent: intent.id });
    expect(data[0]?.actionable).toBe(true);
  });
});

describe('timing', () => {
  it('disputeDelaySeconds holds the dispute until the emulator clock gets there', async () => {
    const delayed = await startHarness({ disputeDelaySeconds: 60 });
    try {
      const session = await delayed.stripe.checkout.sessions.create(sessionParams());
      const paid = await delayed.control.pay(session.id, { card: '4000000000000259' });
      const intentId = paid.body.session.payment_intent as string;
      expect((await delayed.stripe.disputes.list({ payment_intent: intentId })).data).toEqual([]);
      await delayed.control.advance(60);
      expect((await delayed.stripe.disputes.list({ payment_intent: intentId })).data).toHaveLength(1);
    } finally {
      await delayed.close();
    }
  });
});
