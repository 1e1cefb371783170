/**
 * The shop's catalog, seeded at startup. Ids are stable: the seed is idempotent and carts refer to them.
 * Prices are integer minor units; images ship with the front (`front/public/products/`).
 */
export interface SeedProduct {
  id: string;
  title: string;
  description: string;
  unitAmount: number;
  currency: 'usd';
  imageUrl: string;
  /** Delivered without shipping. */
  digital?: boolean;
  /** Stripe Tax's product tax code; absent: general tangible goods. */
  taxCode?: string;
}

/** Stripe Tax's codes the catalog uses: general tangible goods, digital books. */
export const TAX_CODES = { tangible: 'txcd_99999999', digitalBook: 'txcd_10302000' } as const;

export const CATALOG_SEED: readonly SeedProduct[] = [
  {
    id: 'prod_pour_over_dripper',
    title: 'Ceramic Pour-Over Dripper',
    description:
      'A glazed porcelain cone with spiral ribs that keep the filter off the wall for an even, unhurried drawdown. Takes size 02 filters and brews one or two cups.',
    unitAmount: 2800,
    currency: 'usd',
    imageUrl: '/products/pour-over-dripper.svg',
  },
  {
    id: 'prod_gooseneck_kettle',
    title: 'Gooseneck Pour-Over Kettle',
    description:
      'A 0.9 L matte black kettle with a slim spout for a slow, steady pour and a walnut-finish handle that stays cool. Works on gas, electric and induction hobs.',
    unitAmount: 6400,
    currency: 'usd',
    imageUrl: '/products/gooseneck-kettle.svg',
  },
  {
    id: 'prod_french_press',
    title: 'Glass French Press, 8 Cup',
    description:
      'Borosilicate glass in a brushed steel frame with a fine double-mesh filter. Makes a full, rounded pot in four minutes.',
    unitAmount: 3900,
    currency: 'usd',
    imageUrl: '/products/french-press.svg',
  },
  {
    id: 'prod_cold_brew_bottle',
    title: 'Cold Brew Bottle, 1 L',
    description:
      'Heat-resistant glass with a fine stainless filter that lifts out. Steep coarse coffee in the fridge overnight and pour it over ice in the morning.',
    unitAmount: 3200,
    currency: 'usd',
    imageUrl: '/products/cold-brew-bottle.svg',
  },
  {
    id: 'prod_hand_grinder',
    title: 'Hand Burr Grinder',
    description:
      'Stainless conical burrs with 40 click settings, from espresso-fine to French-press coarse. Grinds enough for two cups in under a minute, and fits in a travel bag.',
    unitAmount: 8900,
    currency: 'usd',
    imageUrl: '/products/hand-grinder.svg',
  },
  {
    id: 'prod_house_espresso',
    title: 'House Espresso Blend, 340 g',
    description:
      'Brazil and Colombia roasted medium-dark for chocolate, toasted hazelnut and a syrupy body. Lovely as espresso and forgiving in a moka pot.',
    unitAmount: 1850,
    currency: 'usd',
    imageUrl: '/products/house-espresso.svg',
  },
  {
    id: 'prod_ethiopia_yirgacheffe',
    title: 'Ethiopia Yirgacheffe, 340 g',
    description:
      'A washed single origin from smallholder farms in Gedeo, roasted light. Bergamot, jasmine and ripe apricot; at its best as a pour-over.',
    unitAmount: 2100,
    currency: 'usd',
    imageUrl: '/products/ethiopia-yirgacheffe.svg',
  },
  {
    id: 'prod_paper_filters',
    title: 'Unbleached Paper Filters, 100 Pack',
    description:
      'Size 02 cone filters in natural brown paper. Rinse once with hot water and they brew clean, with no papery taste.',
    unitAmount: 750,
    currency: 'usd',
    imageUrl: '/products/paper-filters.svg',
  },
  {
    id: 'prod_stoneware_mug',
    title: 'Stoneware Mug, 12 oz',
    description:
      'Hand-thrown stoneware with a speckled oatmeal glaze, a dipped brown rim and a handle with room for three fingers. Dishwasher and microwave safe.',
    unitAmount: 2200,
    currency: 'usd',
    imageUrl: '/products/stoneware-mug.svg',
  },
  {
    id: 'prod_sencha',
    title: 'Japanese Sencha, 100 g',
    description:
      'First-flush steamed green tea from Shizuoka: grassy, sweet and bright. Brew at 70 °C for one minute, then steep the same leaves twice more.',
    unitAmount: 1600,
    currency: 'usd',
    imageUrl: '/products/sencha.svg',
  },
  {
    id: 'prod_earl_grey_cream',
    title: 'Earl Grey Cream, 100 g',
    description:
      'Ceylon black tea with cold-pressed bergamot oil, cornflower petals and a touch of vanilla. Smooth on its own, wonderful with a splash of milk.',
    unitAmount: 1400,
    currency: 'usd',
    imageUrl: '/products/earl-grey-cream.svg',
  },
  {
    id: 'prod_cast_iron_teapot',
    title: 'Cast Iron Teapot, 0.8 L',
    description:
      'An enamel-lined tetsubin with a hobnail pattern and a removable stainless infuser. Holds its heat for a long, slow second pot.',
    unitAmount: 5800,
    currency: 'usd',
    imageUrl: '/products/cast-iron-teapot.svg',
  },
  {
    id: 'prod_matcha_set',
    title: 'Matcha Whisk & Bowl Set',
    description:
      'A 100-prong bamboo chasen and a wide, slate-glazed bowl: everything you need for a bright, frothy bowl of matcha.',
    unitAmount: 3400,
    currency: 'usd',
    imageUrl: '/products/matcha-set.svg',
  },
  {
    id: 'prod_coffee_scale',
    title: 'Coffee Scale with Timer',
    description:
      'Weighs to 0.1 g with a built-in brew timer and auto-tare. Slim enough to sit under a dripper; charges over USB-C.',
    unitAmount: 4200,
    currency: 'usd',
    imageUrl: '/products/coffee-scale.svg',
  },
  {
    id: 'prod_tea_infuser',
    title: 'Stainless Tea Infuser',
    description:
      'A fine-mesh basket that rests in most mugs and teapots and gives loose leaves room to unfurl. Its folding arms keep it steady.',
    unitAmount: 900,
    currency: 'usd',
    imageUrl: '/products/tea-infuser.svg',
  },
  {
    id: 'prod_linen_tea_towels',
    title: 'Linen Tea Towels, Set of 3',
    description:
      'Stonewashed linen in clay, oatmeal and sage, each with a hanging loop. Soft from the first wash and quick to dry.',
    unitAmount: 2600,
    currency: 'usd',
    imageUrl: '/products/linen-tea-towels.svg',
  },
  {
    id: 'prod_brewing_guide',
    title: 'The Home Brewing Guide (e-book)',
    description:
      'Forty pages on grind, ratio, water and time for pour-over, French press and cold brew, with a tasting log to print. A PDF, delivered by e-mail: nothing to ship.',
    unitAmount: 1200,
    currency: 'usd',
    imageUrl: '/products/brewing-guide.svg',
    digital: true,
    taxCode: TAX_CODES.digitalBook,
  },
];
