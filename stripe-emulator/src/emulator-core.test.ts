import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_VERSION } from './emulator-core.js';

describe('DEFAULT_API_VERSION', () => {
  it('is the version the installed stripe SDK pins (update it when the SDK moves)', () => {
    expect(DEFAULT_API_VERSION).toBe(Stripe.API_VERSION);
  });
});
