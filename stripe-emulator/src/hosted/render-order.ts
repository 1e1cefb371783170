import { countryName } from '../domain/checkout-pricing.js';
import { formatAmount } from '../domain/money.js';
import type { Quote } from '../domain/pricing.js';
import type { ShippingRate } from '../objects/pricing-types.js';
import type { CheckoutSession } from '../objects/session-types.js';
import { markup, raw, type Raw } from './html.js';

/**
 * The parts of the hosted page a shop's checkout adds: the totals (subtotal, discount, shipping, tax, total),
 * the promotion code field, the shipping / billing address, the shipping options and the phone number. The
 * totals are rendered from the same `Quote` the session gets when it is paid (domain/checkout-pricing.ts).
 */

/** Which address the page asks for: shipping, billing (`billing_address_collection=required`), or a country. */
export type AddressMode = 'shipping' | 'billing' | 'country' | null;

export interface OrderView {
  quote: Quote;
  rates: ShippingRate[];
  addressMode: AddressMode;
  /** The countries the country select offers. */
  countries: readonly string[];
  /** The promotion code applied (as the customer typed it), or ''. */
  appliedCode: string;
  /** What the discount is called on the page: the code, or the coupon's name. */
  discountLabel: string | null;
  /** The tax country, when automatic tax knows it. */
  taxCountry: string | null;
}

/** What the customer entered for the order (besides contact and payment). */
export interface OrderFormState {
  phone: string;
  addrName: string;
  addrLine1: string;
  addrLine2: string;
  addrCity: string;
  addrPostalCode: string;
  addrCountry: string;
  shippingRate: string;
  /** Typed in the promotion code field (not applied yet). */
  promotionCode: string;
  appliedCode: string;
}

export interface FieldError {
  message: string;
  field?: string;
}

function invalid(error: FieldError | undefined, field: string): Raw {
  return error?.field === field ? raw(' aria-invalid="true" aria-describedby="payment-error"') : raw('');
}

function money(amount: number, session: CheckoutSession): string {
  return formatAmount(amount, session.currency);
}

function taxLabel(session: CheckoutSession, view: OrderView): string {
  const { quote } = view;
  const inclusiveOnly =
    quote.amountTax > 0 &&
    quote.amountTotal === quote.amountSubtotal - quote.amountDiscount + quote.amountShipping;
  const rates = quote.taxes.map((t) => `${t.rate.display_name} ${t.rate.percentage} %`).join(', ');
  if (session.automatic_tax.enabled)
    return view.taxCountry
      ? `Tax (${rates || `0 % in ${countryName(view.taxCountry)}`}, emulated${inclusiveOnly ? ', included' : ''})`
      : 'Tax (emulated)';
  return `Tax (${rates}${inclusiveOnly ? ', included' : ''})`;
}

/** The order's amounts (`id="totals"`, replaced in place by the page script when the choice changes). */
export function orderTotals(session: CheckoutSession, view: OrderView): Raw {
  const { quote } = view;
  const shippingName = view.quote.shipping?.rate.display_name;
  const showTax = session.automatic_tax.enabled || quote.amountTax > 0;
  const taxText =
    session.automatic_tax.enabled && !view.taxCountry
      ? 'Enter your address'
      : money(quote.amountTax, session);
  return markup`<dl class="totals" id="totals">
      <div><dt>Subtotal</dt><dd data-testid="subtotal">${money(quote.amountSubtotal, session)}</dd></div>
      ${quote.amountDiscount > 0 ? markup`<div><dt>Discount${view.discountLabel ? ` (${view.discountLabel})` : ''}</dt><dd data-testid="discount">−${money(quote.amountDiscount, session)}</dd></div>` : ''}
      ${quote.shipping ? markup`<div><dt>Shipping${shippingName ? ` (${shippingName})` : ''}</dt><dd data-testid="shipping">${quote.shipping.amountSubtotal === 0 ? 'Free' : money(quote.shipping.amountSubtotal, session)}</dd></div>` : ''}
      ${showTax ? markup`<div><dt>${taxLabel(session, view)}</dt><dd data-testid="tax">${taxText}</dd></div>` : ''}
      <div class="grand"><dt>Total due</dt><dd data-testid="total-due">${money(quote.amountTotal, session)}</dd></div>
    </dl>`;
}

/** The promotion code field (`allow_promotion_codes`), in the summary but part of the payment form. */
export function promoBlock(session: CheckoutSession, view: OrderView, error?: FieldError): Raw {
  if (!session.allow_promotion_codes) return raw('');
  const codeError = error?.field === 'promotion_code' ? error.message : null;
  const body = view.appliedCode
    ? markup`<p class="promo-applied"><span class="promo-code mono" data-testid="applied-code">${view.discountLabel ?? view.appliedCode}</span> applied
        <button type="submit" class="link-button" form="payment-form" name="intent" value="remove_code" id="remove-code">Remove</button></p>`
    : markup`<label for="promotion_code">Promotion code</label>
      <div class="promo-row">
        <input id="promotion_code" name="promotion_code" form="payment-form" autocomplete="off" spellcheck="false" placeholder="Add promotion code"${codeError ? raw(' aria-invalid="true" aria-describedby="promo-error"') : raw('')}>
        <button type="submit" class="secondary-button" form="payment-form" name="intent" value="apply_code" id="apply-code">Apply</button>
      </div>`;
  return markup`<div class="promo" id="promo">
    <input type="hidden" name="applied_code" form="payment-form" value="${view.appliedCode}">
    ${body}
    <p class="promo-error" id="promo-error" role="alert"${codeError ? raw('') : raw(' hidden')}>${codeError}</p>
  </div>`;
}

function countryOptions(view: OrderView, selected: string, placeholder: boolean): Raw[] {
  const options = view.countries.map(
    (code) =>
      markup`<option value="${code}"${raw(code === selected ? ' selected' : '')}>${countryName(code)}</option>`,
  );
  return placeholder ? [markup`<option value="">Select…</option>`, ...options] : options;
}

/** Shipping or billing address (or only the country, for automatic tax), then the shipping options. */
export function orderFields(
  session: CheckoutSession,
  view: OrderView,
  state: OrderFormState,
  error?: FieldError,
): Raw {
  const mode = view.addressMode;
  let address: Raw = raw('');
  if (mode === 'country')
    address = markup`<div class="field">
        <label for="addr_country">Country or region</label>
        <select id="addr_country" name="addr_country" autocomplete="country"${invalid(error, 'addr_country')}>${countryOptions(view, state.addrCountry, true)}</select>
      </div>`;
  else if (mode)
    address = markup`<fieldset class="address">
      <legend class="section-title">${mode === 'shipping' ? 'Shipping address' : 'Billing address'}</legend>
      <div class="field"><label for="addr_name">Full name</label><input id="addr_name" name="addr_name" autocomplete="name" value="${state.addrName}"${invalid(error, 'addr_name')}></div>
      <div class="field"><label for="addr_line1">Address line 1</label><input id="addr_line1" name="addr_line1" autocomplete="address-line1" value="${state.addrLine1}"${invalid(error, 'addr_line1')}></div>
      <div class="field"><label for="addr_line2">Address line 2 (optional)</label><input id="addr_line2" name="addr_line2" autocomplete="address-line2" value="${state.addrLine2}"></div>
      <div class="row">
        <div class="field"><label for="addr_postal_code">Postal code</label><input id="addr_postal_code" name="addr_postal_code" autocomplete="postal-code" value="${state.addrPostalCode}"${invalid(error, 'addr_postal_code')}></div>
        <div class="field"><label for="addr_city">City</label><input id="addr_city" name="addr_city" autocomplete="address-level2" value="${state.addrCity}"${invalid(error, 'addr_city')}></div>
      </div>
      <div class="field"><label for="addr_country">Country or region</label><select id="addr_country" name="addr_country" autocomplete="country"${invalid(error, 'addr_country')}>${countryOptions(view, state.addrCountry, mode !== 'shipping')}</select></div>
    </fieldset>`;
  const shipping =
    view.rates.length > 0
      ? markup`<fieldset class="shipping-options">
      <legend class="section-title">Shipping method</legend>
      ${view.rates.map((rate) => {
        const amount =
          session.shipping_options.find((o) => o.shipping_rate === rate.id)?.shipping_amount ?? 0;
        const checked = (state.shippingRate || view.rates[0]?.id) === rate.id;
        return markup`<label class="method shipping-option"><input type="radio" name="shipping_rate" value="${rate.id}"${raw(checked ? ' checked' : '')}><span class="option-name">${rate.display_name ?? 'Shipping'}${estimate(rate)}</span><span class="option-amount">${amount === 0 ? 'Free' : money(amount, session)}</span></label>`;
      })}
    </fieldset>`
      : raw('');
  return markup`${address}${shipping}`;
}

function estimate(rate: ShippingRate): Raw | string {
  const { minimum, maximum } = rate.delivery_estimate ?? { minimum: null, maximum: null };
  if (!minimum && !maximum) return '';
  const unit = (minimum ?? maximum)?.unit.replace('_', ' ') ?? 'day';
  const range =
    minimum && maximum ? `${minimum.value}–${maximum.value}` : String((minimum ?? maximum)?.value);
  return markup`<span class="option-meta">${range} ${unit}s</span>`;
}

/** The phone field, when the session collects phone numbers (required there). */
export function phoneField(session: CheckoutSession, state: OrderFormState, error?: FieldError): Raw {
  if (!session.phone_number_collection.enabled) return raw('');
  return markup`<div class="field">
        <label for="phone">Phone number</label>
        <input id="phone" name="phone" type="tel" autocomplete="tel" value="${state.phone}" placeholder="+49 30 1234567"${invalid(error, 'phone')}>
      </div>`;
}
