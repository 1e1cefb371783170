import type { AddressJson, SessionCharges } from '../../db/schema.js';

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : null;
const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const int = (value: unknown): number | null => (Number.isSafeInteger(value) ? (value as number) : null);
const idOf = (value: unknown): string | null => str(value) ?? str(obj(value)?.id);

export function addressOf(value: unknown): AddressJson | null {
  const a = obj(value);
  if (!a) return null;
  return {
    line1: str(a.line1),
    line2: str(a.line2),
    city: str(a.city),
    state: str(a.state),
    postalCode: str(a.postal_code),
    country: str(a.country),
  };
}

/** Null when the session does not say what it charges (no `amount_subtotal`/`amount_total`). */
export function chargesOfSession(session: Obj): SessionCharges | null {
  const subtotal = int(session.amount_subtotal);
  const total = int(session.amount_total);
  if (subtotal === null || total === null) return null;
  const details = obj(session.total_details);
  const shippingCost = obj(session.shipping_cost);
  const chosenRate = idOf(shippingCost?.shipping_rate);
  const options = Array.isArray(session.shipping_options) ? session.shipping_options : [];
  const index = chosenRate ? options.findIndex((o) => idOf(obj(o)?.shipping_rate) === chosenRate) : -1;
  const discounts = Array.isArray(session.discounts) ? session.discounts : [];
  const promotionCodeId =
    discounts.map((d) => idOf(obj(d)?.promotion_code)).find((id) => id !== null) ?? null;
  // Where it ships: `collected_information.shipping_details` (the SDK's pinned version). A webhook endpoint set
  // to a version before 2025-03-31 sends the top-level `shipping_details` instead, hence the fallback.
  const shippingDetails =
    obj(obj(session.collected_information)?.shipping_details) ?? obj(session.shipping_details);
  const shippingAddress = addressOf(shippingDetails?.address);
  const customer = obj(session.customer_details);
  return {
    subtotal,
    discount: int(details?.amount_discount) ?? 0,
    shipping: int(details?.amount_shipping) ?? 0,
    tax: int(details?.amount_tax) ?? 0,
    total,
    promotionCodeId,
    shippingOptionIndex: index >= 0 ? index : null,
    contact: {
      shipping: shippingAddress ? { name: str(shippingDetails?.name), address: shippingAddress } : null,
      billing: customer
        ? {
            name: str(customer.name),
            email: str(customer.email),
            phone: str(customer.phone),
            address: addressOf(customer.address),
          }
        : null,
    },
  };
}
