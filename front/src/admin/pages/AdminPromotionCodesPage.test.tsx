import type { AdminPromotionCode } from '@checkstand/contract';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeAdminApi } from '../../test/admin-builders';
import { aProduct } from '../../test/builders';
import { instantResponse, renderApp, type FakeRequest } from '../../test/render-app';
import { aPromotionCode } from '../../test/shop-builders';

const PRODUCTS = [aProduct({ currency: 'usd' }), aProduct({ currency: 'eur' })];

function apiError(code: string, message: string, status: number) {
  return instantResponse({ error: { code, message } }, status);
}

/** The promotion codes page over a fake API listing `codes`; writes are recorded and answered by `reply`. */
function renderCodes(
  codes: AdminPromotionCode[] | (() => Response),
  reply: (request: FakeRequest) => Response = () =>
    instantResponse(aPromotionCode({ code: 'SUMMER10' }), 201),
) {
  const sent: FakeRequest[] = [];
  const write = (request: FakeRequest) => {
    sent.push(request);
    return reply(request);
  };
  const routes: Record<string, (request: FakeRequest) => Response> = {
    'GET /api/products': () => instantResponse(PRODUCTS),
    'GET /api/admin/promotion-codes': typeof codes === 'function' ? codes : () => instantResponse({ codes }),
    'POST /api/admin/promotion-codes': write,
  };
  for (const code of typeof codes === 'function' ? [] : codes) {
    routes[`POST /api/admin/promotion-codes/${code.id}/deactivate`] = write;
  }
  const view = renderApp({ path: '/admin/promotion-codes', fetch: fakeAdminApi(routes) });
  return { ...view, sent };
}

function rowOf(code: string) {
  return screen.getAllByTestId('code-row').find((row) => row.getAttribute('data-code') === code)!;
}

describe('the promotion codes page', () => {
  it('lists each code with its discount, expiry, redemptions, minimum and state', async () => {
    renderCodes([
      aPromotionCode({ code: 'TENOFF' }),
      aPromotionCode({
        code: 'FIVER',
        discount: { kind: 'amount', amount: 500, currency: 'usd' },
        expiresAt: '2099-12-31T23:59:00.000Z',
        maxRedemptions: null,
        timesRedeemed: 12,
        minimumAmount: { amount: 5000, currency: 'usd' },
      }),
      aPromotionCode({ code: 'SPRING', expiresAt: '2020-04-30T00:00:00.000Z' }),
      aPromotionCode({ code: 'GONE', active: false }),
      aPromotionCode({ code: 'POPULAR', maxRedemptions: 3, timesRedeemed: 3 }),
    ]);
    expect(await screen.findAllByTestId('code-row')).toHaveLength(5);

    const ten = rowOf('TENOFF');
    expect(within(ten).getByTestId('code-discount')).toHaveTextContent('10% off');
    expect(within(ten).getByTestId('code-redemptions')).toHaveTextContent('3 / 100');
    expect(ten).toHaveTextContent('Never');
    expect(within(ten).getByTestId('code-status')).toHaveTextContent('Active');

    const fiver = rowOf('FIVER');
    expect(within(fiver).getByTestId('code-discount')).toHaveTextContent('$5.00 off');
    expect(within(fiver).getByTestId('code-redemptions')).toHaveTextContent('12 / no limit');
    expect(fiver).toHaveTextContent('Dec 31, 2099, 23:59 UTC');
    expect(fiver).toHaveTextContent('$50.00');

    expect(within(rowOf('SPRING')).getByTestId('code-status')).toHaveTextContent('Expired');
    expect(within(rowOf('POPULAR')).getByTestId('code-status')).toHaveTextContent('Used up');
    expect(within(rowOf('GONE')).getByTestId('code-status')).toHaveTextContent('Inactive');
    expect(within(rowOf('GONE')).queryByRole('button')).not.toBeInTheDocument();
  });

  it('creates a code from what the form shows: basis points, minor units, an expiry in UTC', async () => {
    const view = renderCodes([]);
    expect(await screen.findByText('No promotion codes yet')).toBeInTheDocument();
    await view.user.click(screen.getByRole('button', { name: 'New code' }));
    const dialog = screen.getByRole('dialog', { name: 'New promotion code' });

    await view.user.type(within(dialog).getByLabelText('Code'), 'summer-10');
    await view.user.type(within(dialog).getByLabelText('Percent off (%)'), '12.5');
    await view.user.type(within(dialog).getByLabelText('Expires on (UTC)'), '2099-08-31');
    await view.user.type(within(dialog).getByLabelText('Maximum uses, all customers together'), '250');
    await view.user.type(within(dialog).getByLabelText('Minimum order amount'), '40');
    await view.user.selectOptions(within(dialog).getByLabelText('Currency of the minimum'), 'eur');
    await view.user.click(within(dialog).getByRole('button', { name: 'Create code' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(view.sent).toHaveLength(1);
    expect(view.sent[0]!.headers.get('Content-Type')).toBe('application/json');
    expect(view.sent[0]!.body).toEqual({
      code: 'SUMMER-10',
      discount: { kind: 'percent', basisPoints: 1250 },
      expiresAt: '2099-08-31T23:59:00.000Z',
      maxRedemptions: 250,
      minimumAmount: { amount: 4000, currency: 'eur' },
    });
    expect(await screen.findByText('Created SUMMER10.')).toBeInTheDocument();
  });

  it('creates an amount-off code in the chosen currency, with no limits', async () => {
    const view = renderCodes([]);
    await view.user.click(await screen.findByRole('button', { name: 'New code' }));
    const dialog = screen.getByRole('dialog');
    await view.user.type(within(dialog).getByLabelText('Code'), 'WELCOME5');
    await view.user.click(within(dialog).getByRole('radio', { name: 'Amount off' }));
    await view.user.type(within(dialog).getByLabelText('Amount to take off'), '5');
    await view.user.selectOptions(within(dialog).getByLabelText('Currency'), 'usd');
    await view.user.click(within(dialog).getByRole('button', { name: 'Create code' }));

    await waitFor(() => expect(view.sent).toHaveLength(1));
    expect(view.sent[0]!.body).toEqual({
      code: 'WELCOME5',
      discount: { kind: 'amount', amount: 500, currency: 'usd' },
      expiresAt: null,
      maxRedemptions: null,
      minimumAmount: null,
    });
  });

  it('checks the code and the limits before asking Stripe', async () => {
    const view = renderCodes([]);
    await view.user.click(await screen.findByRole('button', { name: 'New code' }));
    const dialog = screen.getByRole('dialog');
    await view.user.type(within(dialog).getByLabelText('Code'), 'no spaces!');
    await view.user.type(within(dialog).getByLabelText('Percent off (%)'), '0');
    await view.user.type(within(dialog).getByLabelText('Expires on (UTC)'), '2020-01-01');
    await view.user.click(within(dialog).getByRole('button', { name: 'Create code' }));

    expect(within(dialog).getByLabelText('Code')).toHaveAccessibleDescription(/Use only letters, digits/);
    expect(within(dialog).getByLabelText('Percent off (%)')).toHaveAccessibleDescription(
      'Enter at least 0.01%.',
    );
    expect(within(dialog).getByLabelText('Expires on (UTC)')).toHaveAccessibleDescription(
      'The expiry must be in the future.',
    );
    expect(view.sent).toHaveLength(0);
  });

  it('says a code that already exists is taken', async () => {
    const view = renderCodes([], () =>
      apiError('promotion_code_exists', 'A promotion code SUMMER10 already exists.', 409),
    );
    await view.user.click(await screen.findByRole('button', { name: 'New code' }));
    const dialog = screen.getByRole('dialog');
    await view.user.type(within(dialog).getByLabelText('Code'), 'summer10');
    await view.user.type(within(dialog).getByLabelText('Percent off (%)'), '10');
    await view.user.click(within(dialog).getByRole('button', { name: 'Create code' }));
    expect(await within(dialog).findByTestId('code-error')).toHaveTextContent(
      'Stripe already has a code “SUMMER10” (codes are unique, active or not). Choose another code.',
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('shows Stripe’s refusal as Stripe words it', async () => {
    const view = renderCodes([], () =>
      apiError(
        'invalid_promotion_code',
        'This value must be greater than or equal to 50 (currency: usd).',
        400,
      ),
    );
    await view.user.click(await screen.findByRole('button', { name: 'New code' }));
    const dialog = screen.getByRole('dialog');
    await view.user.type(within(dialog).getByLabelText('Code'), 'tiny');
    await view.user.click(within(dialog).getByRole('radio', { name: 'Amount off' }));
    await view.user.type(within(dialog).getByLabelText('Amount to take off'), '0.10');
    await view.user.click(within(dialog).getByRole('button', { name: 'Create code' }));
    expect(await within(dialog).findByTestId('code-error')).toHaveTextContent(
      'This value must be greater than or equal to 50 (currency: usd).',
    );
  });

  it('deactivates a code only once confirmed', async () => {
    const code = aPromotionCode({ code: 'TENOFF' });
    const view = renderCodes([code], () => instantResponse({ ...code, active: false }));
    await view.user.click(await screen.findByRole('button', { name: 'Deactivate TENOFF…' }));
    const dialog = screen.getByRole('dialog', { name: 'Deactivate TENOFF?' });
    expect(dialog).toHaveTextContent('Customers can no longer enter TENOFF (10% off) at checkout.');

    await view.user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(view.sent).toHaveLength(0);

    await view.user.click(screen.getByRole('button', { name: 'Deactivate TENOFF…' }));
    await view.user.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Deactivate TENOFF' }),
    );
    await waitFor(() => expect(view.sent).toHaveLength(1));
    expect(view.sent[0]!.path).toBe(`/api/admin/promotion-codes/${code.id}/deactivate`);
    expect(view.sent[0]!.headers.get('Content-Type')).toBe('application/json');
    expect(await screen.findByText('TENOFF is deactivated.')).toBeInTheDocument();
  });

  it('says when Stripe cannot be reached for the list', async () => {
    renderCodes(() =>
      apiError('payment_provider_unavailable', 'Stripe is not answering; try again in a moment.', 502),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('We couldn’t load the promotion codes');
    expect(alert).toHaveTextContent('Stripe is not answering; try again in a moment.');
  });
});
