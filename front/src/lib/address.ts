import type { PostalAddress } from '@checkstand/contract';
import { countryName } from './countries';

/**
 * A postal address as lines, in the order a carrier reads them: the name, the street lines, the locality line
 * (its parts in the order the destination country writes them), then the country by its name. One place for
 * the storefront, the admin's order page, its clipboard copy and the packing slip.
 */

/** Countries that write the postal code before the city ("10435 Berlin"). */
const POSTAL_CODE_FIRST = new Set(
  (
    'AD AR AT BA BE BG BR CH CL CZ DE DK DZ EE ES FI FO FR GL GR HR HU IL IS IT LI LT LU MA MC MD ME MK ' +
    'MX NL NO PL PT RO RS SE SI SK SM TN TR UY VA'
  ).split(' '),
);
/** Countries that put the postcode on a line of its own, after the town ("London" / "SW1A 1AA"). */
const POSTAL_CODE_OWN_LINE = new Set(['GB', 'GG', 'IE', 'IM', 'JE']);

function clean(part: string | null | undefined): string {
  return (part ?? '').replace(/\s+/g, ' ').trim();
}

function joined(parts: readonly string[], separator = ' '): string {
  return parts.filter((part) => part !== '').join(separator);
}

/** The lines of the city, region and postal code, as the destination country writes them. */
function localityLines(address: PostalAddress): string[] {
  const city = clean(address.city);
  const state = clean(address.state);
  const postalCode = clean(address.postalCode);
  const country = clean(address.country).toUpperCase();
  if (POSTAL_CODE_FIRST.has(country)) return [joined([postalCode, city]), state];
  if (POSTAL_CODE_OWN_LINE.has(country)) return [city, state, postalCode];
  // "Portland, OR 97201": the United States, Canada, Australia and most others.
  return [joined([joined([city, state], ', '), postalCode])];
}

/** The address's lines, the name first when there is one; empty parts are left out. */
export function addressLines(address: PostalAddress | null, name?: string | null): string[] {
  const lines = [clean(name)];
  if (address) {
    lines.push(clean(address.line1), clean(address.line2), ...localityLines(address));
    const country = clean(address.country);
    if (country) lines.push(countryName(country));
  }
  return lines.filter((line) => line !== '');
}

/** The address as plain text, one line per line: what "Copy address" puts on the clipboard. */
export function addressText(address: PostalAddress | null, name?: string | null): string {
  return addressLines(address, name).join('\n');
}
