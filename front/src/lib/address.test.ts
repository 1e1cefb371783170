import { describe, expect, it } from 'vitest';
import { anAddress } from '../test/builders';
import { addressLines, addressText } from './address';
import { countryList, countryName, lookUpCountry } from './countries';

describe('addressLines', () => {
  it('puts the name, the street, the postal code before the city and the country’s name, in that order (Germany)', () => {
    expect(addressLines(anAddress(), 'Jana Beispiel')).toEqual([
      'Jana Beispiel',
      'Kastanienallee 12',
      'Hinterhaus, 3. OG',
      '10435 Berlin',
      'Germany',
    ]);
  });

  it('writes "City, ST 12345" for the United States', () => {
    const address = anAddress({
      line1: '1 Main St',
      line2: null,
      city: 'Portland',
      state: 'OR',
      postalCode: '97201',
      country: 'US',
    });
    expect(addressLines(address, 'Ana Ruiz')).toEqual([
      'Ana Ruiz',
      '1 Main St',
      'Portland, OR 97201',
      'United States',
    ]);
  });

  it('puts a British postcode on a line of its own', () => {
    const address = anAddress({
      line1: '10 Downing Street',
      line2: null,
      city: 'London',
      postalCode: 'SW1A 2AA',
      country: 'GB',
    });
    expect(addressLines(address, null)).toEqual([
      '10 Downing Street',
      'London',
      'SW1A 2AA',
      'United Kingdom',
    ]);
  });

  it('leaves out what is missing or blank, and tidies spaces', () => {
    const address = anAddress({
      line1: '  Rue de   Rivoli 1 ',
      line2: '  ',
      city: 'Paris',
      postalCode: null,
      country: 'FR',
    });
    expect(addressLines(address, '')).toEqual(['Rue de Rivoli 1', 'Paris', 'France']);
    expect(addressLines(null, 'Only A Name')).toEqual(['Only A Name']);
    expect(addressLines(null)).toEqual([]);
  });

  it('gives the plain text "Copy address" puts on the clipboard, one line per line', () => {
    expect(addressText(anAddress({ line2: null }), 'Jana Beispiel')).toBe(
      'Jana Beispiel\nKastanienallee 12\n10435 Berlin\nGermany',
    );
  });
});

describe('countries', () => {
  it('names a country by its code, and keeps a code it has no name for', () => {
    expect(countryName('DE')).toBe('Germany');
    expect(countryName('at')).toBe('Austria');
    expect(countryName('Q1')).toBe('Q1');
    expect(countryList(['AT', 'DE', 'FR'])).toBe('Austria, Germany, and France');
  });

  it('finds a country by its code, its name or the suggestion, and only one Stripe ships to', () => {
    expect(lookUpCountry('de')).toEqual({ ok: true, code: 'DE' });
    expect(lookUpCountry(' germany ')).toEqual({ ok: true, code: 'DE' });
    expect(lookUpCountry('United States (US)')).toEqual({ ok: true, code: 'US' });
    expect(lookUpCountry('')).toMatchObject({ ok: false, message: expect.stringMatching(/two-letter code/) });
    expect(lookUpCountry('Narnia')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/No country/),
    });
    // American Samoa has a code, but Stripe Checkout does not ship there.
    expect(lookUpCountry('AS')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Stripe Checkout can’t ship to AS/),
    });
    expect(lookUpCountry('XX')).toMatchObject({ ok: false });
  });
});
