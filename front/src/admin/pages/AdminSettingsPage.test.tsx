import type { StoreSettings } from '@checkstand/contract';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeAdminApi } from '../../test/admin-builders';
import { instantResponse, renderApp, type FakeRequest } from '../../test/render-app';

const SETTINGS: StoreSettings = {
  shippingCountries: ['AT', 'DE', 'FR'],
  taxMode: 'automatic',
  pricesIncludeTax: false,
  fixedTaxRate: null,
};

/** The settings page over a fake API that answers `settings` and records what `PUT` is sent. */
function renderSettings(
  settings: StoreSettings = SETTINGS,
  put: (request: FakeRequest) => Response = (request) => instantResponse(request.body),
) {
  const sent: FakeRequest[] = [];
  const view = renderApp({
    path: '/admin/settings',
    fetch: fakeAdminApi({
      'GET /api/admin/settings': () => instantResponse(settings),
      'PUT /api/admin/settings': (request) => {
        sent.push(request);
        return put(request);
      },
    }),
  });
  return { ...view, sent };
}

function countries() {
  return within(screen.getByRole('list', { name: 'Countries the shop ships to' }))
    .getAllByRole('listitem')
    .map((item) => item.getAttribute('data-country'));
}

describe('the settings page', () => {
  it('shows the countries by name, and sends the countries and basis points it shows', async () => {
    const view = renderSettings();
    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');
    const add = await screen.findByLabelText('Add a country');
    expect(countries()).toEqual(['AT', 'FR', 'DE']);
    expect(screen.getByRole('list', { name: 'Countries the shop ships to' })).toHaveTextContent(
      'Austria AT Remove Austria',
    );
    expect(screen.getByRole('radio', { name: /Automatic \(Stripe Tax\)/ })).toBeChecked();

    await view.user.type(add, 'spain');
    await view.user.click(screen.getByRole('button', { name: 'Add country' }));
    await view.user.type(add, 'it{Enter}');
    await view.user.click(screen.getByRole('button', { name: 'Remove Austria' }));
    expect(countries()).toEqual(['FR', 'DE', 'IT', 'ES']);
    expect(within(screen.getByRole('main')).getByRole('status')).toHaveTextContent('Unsaved changes.');

    await view.user.click(screen.getByRole('radio', { name: /Fixed rate/ }));
    await view.user.type(screen.getByLabelText('Tax name, as customers see it'), 'VAT');
    await view.user.type(screen.getByLabelText('Rate (%)'), '19.5');
    await view.user.click(screen.getByRole('checkbox', { name: /Catalog prices include tax/ }));
    await view.user.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(await screen.findByText('Settings saved. Checkout uses them from now on.')).toBeInTheDocument();
    expect(view.sent).toHaveLength(1);
    expect(view.sent[0]!.headers.get('Content-Type')).toBe('application/json');
    expect(view.sent[0]!.body).toEqual({
      shippingCountries: ['DE', 'ES', 'FR', 'IT'],
      taxMode: 'fixed',
      pricesIncludeTax: true,
      fixedTaxRate: { displayName: 'VAT', basisPoints: 1950 },
    });
  });

  it('shows a saved fixed rate as a percentage, and keeps it when switching to automatic tax', async () => {
    const view = renderSettings({
      ...SETTINGS,
      taxMode: 'fixed',
      fixedTaxRate: { displayName: 'GST', basisPoints: 825 },
    });
    expect(await screen.findByLabelText('Rate (%)')).toHaveValue('8.25');
    expect(screen.getByLabelText('Tax name, as customers see it')).toHaveValue('GST');

    await view.user.click(screen.getByRole('radio', { name: /Automatic/ }));
    expect(screen.queryByLabelText('Rate (%)')).not.toBeInTheDocument();
    await view.user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(view.sent).toHaveLength(1));
    expect(view.sent[0]!.body).toMatchObject({
      taxMode: 'automatic',
      fixedTaxRate: { displayName: 'GST', basisPoints: 825 },
    });
  });

  it('refuses a country Stripe does not ship to, one that does not exist and one already listed', async () => {
    const view = renderSettings();
    const add = await screen.findByLabelText('Add a country');

    await view.user.type(add, 'Narnia{Enter}');
    expect(add).toHaveAccessibleDescription(/No country is called “Narnia”\./);
    expect(add).toHaveAttribute('aria-invalid', 'true');

    await view.user.clear(add);
    await view.user.type(add, 'AS{Enter}');
    expect(add).toHaveAccessibleDescription(/Stripe Checkout can’t ship to AS/);

    await view.user.clear(add);
    await view.user.type(add, 'Germany (DE){Enter}');
    expect(add).toHaveAccessibleDescription('Germany is already in the list.');
    expect(countries()).toEqual(['AT', 'FR', 'DE']);
  });

  it('can ship nowhere: an empty list is saved as such', async () => {
    const view = renderSettings({ ...SETTINGS, shippingCountries: ['DE'] });
    await view.user.click(await screen.findByRole('button', { name: 'Remove Germany' }));
    expect(screen.getByTestId('no-countries')).toHaveTextContent('checkout won’t ask for an address');
    await view.user.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(view.sent[0]?.body).toMatchObject({ shippingCountries: [] }));
  });

  it('asks for the fixed rate’s name and a valid percentage before sending anything', async () => {
    const view = renderSettings();
    await view.user.click(await screen.findByRole('radio', { name: /Fixed rate/ }));
    await view.user.type(screen.getByLabelText('Rate (%)'), '7.125');
    await view.user.click(screen.getByRole('button', { name: 'Save settings' }));

    expect(screen.getByLabelText('Tax name, as customers see it')).toHaveAccessibleDescription(
      'Give the tax a name customers know, e.g. VAT.',
    );
    expect(screen.getByLabelText('Tax name, as customers see it')).toHaveFocus();
    expect(screen.getByLabelText('Rate (%)')).toHaveAccessibleDescription(
      'Up to 2 decimals: 19, 7.5, 8.25. Use at most 2 decimal places, e.g. 7.25.',
    );
    expect(view.sent).toHaveLength(0);
  });

  it('shows the server’s refusal as it words it', async () => {
    const view = renderSettings(SETTINGS, () =>
      instantResponse(
        { error: { code: 'invalid_settings', message: 'Stripe Tax is not enabled on this account.' } },
        400,
      ),
    );
    await view.user.click(await screen.findByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Stripe Tax is not enabled on this account.')).toBeInTheDocument();
    expect(screen.queryByText(/Settings saved/)).not.toBeInTheDocument();
  });
});
