import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { signatureHeader } from './signature.js';

describe('signatureHeader', () => {
  it('is what the Stripe SDK generates and verifies', () => {
    const stripe = new Stripe('sk_test_x');
    const payload = JSON.stringify({ id: 'evt_1', object: 'event' }, null, 2);
    const secret = 'whsec_test_secret';
    const timestamp = Math.floor(Date.now() / 1000);
    const header = signatureHeader(payload, secret, timestamp);
    expect(header).toBe(stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp }));
    expect(stripe.webhooks.constructEvent(payload, header, secret).id).toBe('evt_1');
  });

  it('signs with every active secret during a rotation, so either secret verifies', () => {
    const stripe = new Stripe('sk_test_x');
    const payload = JSON.stringify({ id: 'evt_2', object: 'event' });
    const timestamp = Math.floor(Date.now() / 1000);
    const header = signatureHeader(payload, ['whsec_new', 'whsec_old'], timestamp);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
    expect(stripe.webhooks.constructEvent(payload, header, 'whsec_new').id).toBe('evt_2');
    expect(stripe.webhooks.constructEvent(payload, header, 'whsec_old').id).toBe('evt_2');
    expect(() => stripe.webhooks.constructEvent(payload, header, 'whsec_other')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });
});
