import { describe, expect, it } from 'vitest';
import { parseForm } from './form.js';
import { s, validateParams } from './params.js';

describe('parseForm', () => {
  it('nests bracketed keys as the Stripe SDK encodes them', () => {
    const form = parseForm(
      'mode=payment&line_items[0][price_data][currency]=eur&line_items[0][price_data][product_data][name]=Mug%20%26%20co' +
        '&line_items[0][quantity]=2&line_items[1][price]=price_1&metadata[order_id]=ord_1&expand[]=a&expand[]=b&q=a+b',
    );
    expect(JSON.parse(JSON.stringify(form))).toEqual({
      mode: 'payment',
      line_items: {
        0: { price_data: { currency: 'eur', product_data: { name: 'Mug & co' } }, quantity: '2' },
        1: { price: 'price_1' },
      },
      metadata: { order_id: 'ord_1' },
      expand: { 0: 'a', 1: 'b' },
      q: 'a b',
    });
  });

  it('cannot pollute prototypes', () => {
    const form = parseForm('__proto__[polluted]=yes&metadata[__proto__]=x&metadata[k]=v');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(() => validateParams(s.obj({ metadata: s.map() }), form)).toThrow(
      'Received unknown parameter: __proto__',
    );
    const parsed = validateParams(
      s.obj({ metadata: s.map() }),
      parseForm('metadata[__proto__]=x&metadata[k]=v'),
    );
    expect(Object.getPrototypeOf(parsed.metadata)).toBe(Object.prototype);
    expect(Object.keys(parsed.metadata ?? {})).toEqual(['__proto__', 'k']);
  });
});

describe('validateParams', () => {
  const spec = s.obj(
    {
      amount: s.int({ min: 1 }),
      items: s.arr(s.obj({ name: s.str(), qty: s.int() }, ['name'])),
      kind: s.enum(['a', 'b']),
      flag: s.bool(),
      metadata: s.map(),
      created: s.range(),
    },
    ['amount'],
  );

  it('converts types and numeric-keyed objects to arrays', () => {
    const parsed = validateParams(
      spec,
      parseForm(
        'amount=5&items[1][name]=second&items[0][name]=first&items[0][qty]=3&kind=b&flag=true&metadata[k]=v&created[gte]=10',
      ),
    );
    expect(parsed).toEqual({
      amount: 5,
      items: [{ name: 'first', qty: 3 }, { name: 'second' }],
      kind: 'b',
      flag: true,
      metadata: { k: 'v' },
      created: { gte: 10 },
    });
  });

  it('answers like Stripe on bad input', () => {
    const error = (text: string): unknown => {
      try {
        validateParams(spec, parseForm(text));
      } catch (e) {
        return (e as { errorObject: unknown }).errorObject;
      }
      return undefined;
    };
    expect(error('')).toMatchObject({ param: 'amount', message: 'Missing required param: amount.' });
    expect(error('amount=x')).toMatchObject({ param: 'amount', message: 'Invalid integer: x' });
    expect(error('amount=0')).toMatchObject({
      param: 'amount',
      message: 'This value must be greater than or equal to 1.',
    });
    expect(error('amount=1&nope=1')).toMatchObject({
      param: 'nope',
      message: 'Received unknown parameter: nope',
    });
    expect(error('amount=1&items[0][bad]=1')).toMatchObject({ param: 'items[0][bad]' });
    expect(error('amount=1&items[0][qty]=1')).toMatchObject({ param: 'items[0][name]' });
    expect(error('amount=1&kind=c')).toMatchObject({
      param: 'kind',
      message: 'Invalid kind: must be one of a, or b',
    });
    expect(error('amount=1&items=x')).toMatchObject({ param: 'items', message: 'Invalid array' });
    expect(error('amount=')).toMatchObject({
      param: 'amount',
      message: expect.stringContaining('empty string') as string,
    });
  });
});
