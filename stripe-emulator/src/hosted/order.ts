import type { CheckoutSelection, Priced } from '../domain/checkout-pricing.js';
import { countryName } from '../domain/checkout-pricing.js';
import { StripeFailure } from '../domain/errors.js';
import type { EmulatorCore } from '../emulator-core.js';
import { referenceEnum } from '../http/reference-params.js';
import type { CheckoutSession } from '../objects/session-types.js';
import type { SessionRecord } from '../state/store.js';
import type { AddressMode, FieldError, OrderFormState, OrderView } from './render-order.js';

/** Every country Stripe's Checkout knows (its spec's list, without `ZZ`), by English name. */
const ALL_COUNTRIES: readonly string[] = referenceEnum('POST', '/v1/checkout/sessions', [
  'shipping_address_collection',
  'allowed_countries',
])
  .filter((code) => code !== 'ZZ')
  .sort((a, b) => countryName(a).localeCompare(countryName(b), 'en'));

export function addressModeOf(session: CheckoutSession): AddressMode {
  if (session.shipping_address_collection) return 'shipping';
  if (session.billing_address_collection === 'required') return 'billing';
  if (session.automatic_tax.enabled) return 'country';
  return null;
}

/** What the page's fields say the customer chose. */
export function selectionOf(
  session: CheckoutSession,
  state: OrderFormState,
  email: string,
): CheckoutSelection {
  const mode = addressModeOf(session);
  const address = {
    line1: state.addrLine1.trim() || null,
    line2: state.addrLine2.trim() || null,
    city: state.addrCity.trim() || null,
    postal_code: state.addrPostalCode.trim() || null,
    state: null,
    country: state.addrCountry.trim().toUpperCase() || null,
  };
  const selection: CheckoutSelection = { email };
  if (mode === 'shipping') selection.shipping = { name: state.addrName.trim(), address };
  else if (mode === 'billing') selection.address = address;
  else if (mode === 'country' && address.country)
    selection.address = { ...address, line1: null, line2: null };
  if (state.shippingRate) selection.shippingRate = state.shippingRate;
  if (state.appliedCode) selection.promotionCode = state.appliedCode;
  if (state.phone.trim()) selection.phone = state.phone.trim();
  return selection;
}

function view(session: CheckoutSession, priced: Priced, state: OrderFormState): OrderView {
  const { discount } = priced;
  return {
    quote: priced.quote,
    rates: [],
    addressMode: addressModeOf(session),
    countries: session.shipping_address_collection?.allowed_countries ?? ALL_COUNTRIES,
    appliedCode: discount?.promotionCode ? state.appliedCode : '',
    discountLabel: discount
      ? (discount.promotionCode?.code ?? discount.coupon.name ?? discount.coupon.id)
      : null,
    taxCountry: priced.taxCountry,
  };
}

/**
 * The order as the page shows it for what the customer chose. A choice that no longer holds (a code that
 * cannot be redeemed any more, a shipping rate the session lost) is dropped, with the reason as the error.
 */
export function orderFor(
  core: EmulatorCore,
  record: SessionRecord,
  state: OrderFormState,
  email: string,
): { order: OrderView; error?: FieldError } {
  const pricing = core.checkout.pricing;
  const rates = pricing.shippingRates(record);
  let error: FieldError | undefined;
  // At most two choices can be dropped (the code, the shipping rate), then the defaults always price.
  for (let attempt = 0; ; attempt++) {
    try {
      const priced = pricing.price(record, selectionOf(record.session, state, email), 'display');
      return { order: { ...view(record.session, priced, state), rates }, ...(error ? { error } : {}) };
    } catch (failure) {
      if (!(failure instanceof StripeFailure) || attempt >= 2) throw failure;
      const { param, message } = failure.errorObject;
      if (param === 'promotion_code') {
        state.appliedCode = '';
        error ??= { message, field: 'promotion_code' };
      } else {
        state.shippingRate = '';
        error ??= { message };
      }
    }
  }
}
