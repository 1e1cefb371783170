import { missingParam } from '../domain/errors.js';
import { s, type Infer } from '../http/params.js';
import type { Address, BillingDetails, Shipping } from '../objects/types.js';

/** Parameter specs shared by several resources: addresses, `shipping`, `billing_details`. */
export const addressSpec = s.obj({
  city: s.str({ max: 5000 }),
  country: s.str({ max: 5000 }),
  line1: s.str({ max: 5000 }),
  line2: s.str({ max: 5000 }),
  postal_code: s.str({ max: 5000 }),
  state: s.str({ max: 5000 }),
});

export const shippingSpec = s.obj({
  address: addressSpec,
  name: s.str({ max: 5000 }),
  carrier: s.str({ max: 5000 }),
  phone: s.str({ max: 5000 }),
  tracking_number: s.str({ max: 5000 }),
});

export const billingDetailsSpec = s.obj({
  address: addressSpec,
  email: s.str({ max: 800 }),
  name: s.str({ max: 5000 }),
  phone: s.str({ max: 5000 }),
  tax_id: s.any(),
});

export function toAddress(p: Infer<typeof addressSpec> | undefined): Address {
  return {
    city: p?.city ?? null,
    country: p?.country ?? null,
    line1: p?.line1 ?? null,
    line2: p?.line2 ?? null,
    postal_code: p?.postal_code ?? null,
    state: p?.state ?? null,
  };
}

/** `shipping` needs `name` and `address` (Stripe: `Missing required param: shipping[address].`). */
export function toShipping(p: Infer<typeof shippingSpec> | undefined, param: string): Shipping | null {
  if (p === undefined) return null;
  if (p.address === undefined) throw missingParam(`${param}[address]`);
  if (p.name === undefined) throw missingParam(`${param}[name]`);
  return {
    address: toAddress(p.address),
    carrier: p.carrier ?? null,
    name: p.name,
    phone: p.phone ?? null,
    tracking_number: p.tracking_number ?? null,
  };
}

export function toBillingDetails(p: Infer<typeof billingDetailsSpec> | undefined): BillingDetails {
  return {
    address: toAddress(p?.address),
    email: p?.email ?? null,
    name: p?.name ?? null,
    phone: p?.phone ?? null,
  };
}
