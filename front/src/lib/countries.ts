import { DEFAULT_LOCALE } from '../money/format-money';

/**
 * Countries by their ISO 3166-1 alpha-2 code, as Stripe spells them, with their names in words. The names come
 * from the browser (`Intl.DisplayNames`), so no table of names is shipped.
 */

/**
 * The countries Stripe Checkout can collect a shipping address in (`shipping_address_collection.allowed_countries`,
 * Stripe's API reference), less `ZZ` ("unknown region"). The contract accepts any two letters; Stripe refuses
 * a session naming any other code, so the panel offers and accepts only these.
 */
export const STRIPE_SHIPPING_COUNTRIES: readonly string[] = (
  'AC AD AE AF AG AI AL AM AO AQ AR AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY ' +
  'BZ CA CD CF CG CH CI CK CL CM CN CO CR CV CW CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FO FR GA ' +
  'GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HN HR HT HU ID IE IL IM IN IO IQ IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MK ML MM MN MO MQ MR MS MT ' +
  'MU MV MW MX MY MZ NA NC NE NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PY QA RE RO RS RU ' +
  'RW SA SB SC SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SZ TA TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW ' +
  'TZ UA UG US UY UZ VA VC VE VG VN VU WF WS XK YE YT ZA ZM ZW'
).split(' ');

const shippable = new Set(STRIPE_SHIPPING_COUNTRIES);

export function isShippableCountry(code: string): boolean {
  return shippable.has(code);
}

const displayNames = new Map<string, Intl.DisplayNames>();

function namesFor(locale: string): Intl.DisplayNames {
  let names = displayNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
    displayNames.set(locale, names);
  }
  return names;
}

/** "DE" → "Germany"; a code the browser has no name for stays as it is. */
export function countryName(code: string, locale: string = DEFAULT_LOCALE): string {
  const upper = code.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper)) return code.trim();
  try {
    return namesFor(locale).of(upper) ?? upper;
  } catch {
    return upper;
  }
}

/** Codes ordered by their names ("AT" Austria, "DE" Germany, "FR" France…), for lists people read. */
export function byCountryName(codes: readonly string[]): string[] {
  return [...codes].sort((a, b) => countryName(a).localeCompare(countryName(b), DEFAULT_LOCALE));
}

/** "Austria, Germany and France": a few countries in a sentence. */
export function countryList(codes: readonly string[]): string {
  const names = codes.map((code) => countryName(code));
  return new Intl.ListFormat(DEFAULT_LOCALE, { style: 'long', type: 'conjunction' }).format(names);
}

export type CountryLookup = { ok: true; code: string } | { ok: false; message: string };

/**
 * What an owner typed to name a country: its code ("de"), its name ("Germany", any case), or the suggestion
 * the list offers ("Germany (DE)"). Only a country Stripe ships to is accepted.
 */
export function lookUpCountry(text: string): CountryLookup {
  const value = text.trim();
  if (value === '') return { ok: false, message: 'Enter a country’s name or its two-letter code (DE).' };
  const suggested = /\(([A-Za-z]{2})\)$/.exec(value);
  let code = suggested?.[1]?.toUpperCase() ?? null;
  if (!code && /^[A-Za-z]{2}$/.test(value)) code = value.toUpperCase();
  if (!code) {
    const wanted = value.toLocaleLowerCase(DEFAULT_LOCALE);
    code =
      STRIPE_SHIPPING_COUNTRIES.find((c) => countryName(c).toLocaleLowerCase(DEFAULT_LOCALE) === wanted) ??
      null;
    if (!code) return { ok: false, message: `No country is called “${value}”. Try its two-letter code.` };
  }
  if (!isShippableCountry(code)) {
    return {
      ok: false,
      message: `Stripe Checkout can’t ship to ${code}: it isn’t a country Stripe accepts.`,
    };
  }
  return { ok: true, code };
}
