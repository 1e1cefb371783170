import type { Disputes } from './disputes.js';
import { openEarlyFraudWarning } from './early-fraud-warnings.js';
import type { PaymentContext } from './payment-context.js';
import type { Refunds } from './refunds.js';

/**
 * Runs the follow-ups (`Store.followUps`) whose time has come: refund outcomes, test-card disputes and early
 * fraud warnings, dispute decisions. Each runs once; the store forgets it first, so a failure cannot repeat it.
 */
export class FollowUps {
  constructor(
    private readonly ctx: PaymentContext,
    private readonly refunds: Refunds,
    private readonly disputes: Disputes,
  ) {}

  run(id: string): void {
    const followUp = this.ctx.store.followUps.get(id);
    if (!followUp || followUp.at > this.ctx.clock.now()) return;
    this.ctx.store.followUps.delete(id);
    const { action } = followUp;
    switch (action.kind) {
      case 'refund_outcome':
        this.refunds.settle(action.refundId, action.outcome);
        return;
      case 'dispute':
        this.disputes.open(action.chargeId, action.reason, action.inquiry);
        return;
      case 'early_fraud_warning':
        openEarlyFraudWarning(this.ctx, action.chargeId);
        return;
      case 'dispute_decision':
        this.disputes.decide(action.disputeId, action.outcome);
        return;
    }
  }

  /** Schedules again what the stored follow-ups wait for (after loading saved state). */
  scheduleAll(): void {
    for (const followUp of this.ctx.store.followUps.values())
      this.ctx.timers.push(followUp.at, { kind: 'follow_up', id: followUp.id });
  }
}
