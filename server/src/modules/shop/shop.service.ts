import { Inject, Injectable } from '@nestjs/common';
import {
  MAX_SHIPPING_OPTIONS,
  type PublicStoreInfo,
  type ShippingRate,
  ShippingRateInput,
  type ShippingRateList,
  type StoreSettings,
  StoreSettingsInput,
  shippingPrice,
} from '@checkstand/contract';
import { badRequest, notFound } from '../../common/errors.js';
import { newId } from '../../common/ids.js';
import { DATABASE } from '../../common/tokens.js';
import type { Database } from '../../db/database.js';
import type { CheckoutPlanJson, ProductRow, ShippingRateRow, StoreSettingsRow } from '../../db/schema.js';
import { providerError } from '../stripe/provider-errors.js';
import type { StripeGateway } from '../stripe/stripe-gateway.js';
import { STRIPE_GATEWAY } from '../stripe/stripe.module.js';
import { shopRepository as repo } from './shop.repository.js';

const rateView = (row: ShippingRateRow): ShippingRate => ({
  id: row.id,
  name: row.name,
  amounts: row.amounts,
  deliveryEstimate:
    row.deliveryMinDays !== null && row.deliveryMaxDays !== null
      ? { minDays: row.deliveryMinDays, maxDays: row.deliveryMaxDays }
      : null,
  freeAbove: row.freeAbove,
  active: row.active,
  position: row.position,
  updatedAt: row.updatedAt.toISOString(),
});

const settingsView = (row: StoreSettingsRow | null): StoreSettings => ({
  shippingCountries: row?.shippingCountries ?? [],
  taxMode: row?.taxMode === 'fixed' ? 'fixed' : 'automatic',
  pricesIncludeTax: row?.pricesIncludeTax ?? false,
  fixedTaxRate:
    row?.fixedTaxBasisPoints !== null && row?.fixedTaxBasisPoints !== undefined && row.fixedTaxName
      ? { displayName: row.fixedTaxName, basisPoints: row.fixedTaxBasisPoints }
      : null,
});

/**
 * What the shop sells with: its settings (where it ships, how it charges tax), its shipping rates, and the plan a
 * checkout is created with. The rates live here and are sent to Stripe with each Checkout Session (as its
 * shipping rates), so what the owner changes applies to the next checkout and can never drift from a copy.
 */
@Injectable()
export class Shop {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(STRIPE_GATEWAY) private readonly stripe: StripeGateway,
  ) {}

  async settings(): Promise<StoreSettings> {
    return settingsView(await repo.settings(this.database.db));
  }

  async publicInfo(): Promise<PublicStoreInfo> {
    const { shippingCountries, taxMode, pricesIncludeTax } = await this.settings();
    return { shippingCountries, taxMode, pricesIncludeTax };
  }

  /**
   * Saves the settings. A fixed tax rate is a Stripe tax rate, whose percentage and inclusiveness never change
   * at Stripe: a new one is made when they (or its name) change, before anything is saved (Stripe down: 502,
   * nothing changed).
   */
  async updateSettings(body: unknown): Promise<StoreSettings> {
    const parsed = StoreSettingsInput.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw badRequest(
        'invalid_settings',
        `The ${issue?.path.join('.') || 'settings'} setting is not valid: ${issue?.message ?? ''}`.trim(),
      );
    }
    const input = parsed.data;
    const current = await repo.settings(this.database.db);
    let stripeId = current?.fixedTaxStripeId ?? null;
    const rate = input.fixedTaxRate;
    if (rate) {
      const same =
        stripeId !== null &&
        current?.fixedTaxBasisPoints === rate.basisPoints &&
        current.fixedTaxName === rate.displayName &&
        current.fixedTaxStripeInclusive === input.pricesIncludeTax;
      if (!same) {
        try {
          stripeId = await this.stripe.createTaxRate({ ...rate, inclusive: input.pricesIncludeTax });
        } catch (error) {
          throw providerError(error, 'owner');
        }
      }
    }
    const saved = await repo.saveSettings(this.database.db, {
      shippingCountries: input.shippingCountries,
      taxMode: input.taxMode,
      pricesIncludeTax: input.pricesIncludeTax,
      fixedTaxBasisPoints: rate?.basisPoints ?? null,
      fixedTaxName: rate?.displayName ?? null,
      fixedTaxStripeId: rate ? stripeId : null,
      fixedTaxStripeInclusive: rate ? input.pricesIncludeTax : null,
    });
    return settingsView(saved);
  }

  async rates(): Promise<ShippingRateList> {
    return { rates: (await repo.rates(this.database.db)).map(rateView) };
  }

  async createRate(body: unknown): Promise<ShippingRate> {
    const input = parseRate(body);
    const row = await repo.insertRate(this.database.db, {
      id: newId('ship'),
      ...rateColumns(input),
      active: input.active ?? true,
      position: input.position ?? 0,
    });
    return rateView(row);
  }

  async updateRate(id: string, body: unknown): Promise<ShippingRate> {
    const input = parseRate(body);
    const row = await repo.updateRate(this.database.db, id, {
      ...rateColumns(input),
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
    });
    if (!row) throw notFound('shipping_rate_not_found', 'No such shipping rate.');
    return rateView(row);
  }

  /**
   * What a checkout of these items offers besides them: shipping (unless every product is digital) to the
   * shop's countries at its active rates priced in the cart's currency (free above their threshold), at most
   * Stripe's five; tax by Stripe Tax or the fixed rate; each product's tax code, description and image.
   */
  async checkoutPlan(
    cart: { currency: string; subtotal: number },
    products: readonly Pick<ProductRow, 'id' | 'digital' | 'taxCode' | 'description' | 'imageUrl'>[],
    origin: string,
  ): Promise<CheckoutPlanJson> {
    const db = this.database.db;
    const [settings, rates] = await Promise.all([repo.settings(db), repo.rates(db)]);
    const ships = products.some((p) => !p.digital) && (settings?.shippingCountries.length ?? 0) > 0;
    const options = ships
      ? rates
          .filter((rate) => rate.active)
          .flatMap((rate) => {
            const amount = shippingPrice(rate, cart.currency, cart.subtotal);
            return amount === null
              ? []
              : [
                  {
                    rateId: rate.id,
                    name: rate.name,
                    amount,
                    minDays: rate.deliveryMinDays,
                    maxDays: rate.deliveryMaxDays,
                  },
                ];
          })
          .slice(0, MAX_SHIPPING_OPTIONS)
      : [];
    const fixed = settings?.taxMode === 'fixed' && settings.fixedTaxStripeId !== null;
    return {
      ...(ships && settings
        ? { shippingCountries: settings.shippingCountries, shippingOptions: options }
        : {}),
      tax: {
        mode: fixed ? 'fixed' : 'automatic',
        inclusive: settings?.pricesIncludeTax ?? false,
        taxRateId: fixed ? settings.fixedTaxStripeId : null,
      },
      lines: Object.fromEntries(
        products.map((p) => [
          p.id,
          {
            taxCode: p.taxCode,
            description: p.description || null,
            imageUrl: p.imageUrl ? new URL(p.imageUrl, origin).toString() : null,
          },
        ]),
      ),
    };
  }
}

function parseRate(body: unknown): ShippingRateInput {
  const parsed = ShippingRateInput.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badRequest(
      'invalid_shipping_rate',
      `The ${issue?.path.join('.') || 'rate'} of the shipping rate is not valid: ${issue?.message ?? ''}`.trim(),
    );
  }
  return parsed.data;
}

function rateColumns(input: ShippingRateInput) {
  return {
    name: input.name,
    amounts: input.amounts,
    freeAbove: input.freeAbove ?? {},
    deliveryMinDays: input.deliveryEstimate?.minDays ?? null,
    deliveryMaxDays: input.deliveryEstimate?.maxDays ?? null,
  };
}
