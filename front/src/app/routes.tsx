import type { RouteObject } from 'react-router';
import { Layout } from '../components/Layout';
import { CartPage } from '../pages/CartPage';
import { CatalogPage } from '../pages/CatalogPage';
import { CheckoutCancelPage } from '../pages/CheckoutCancelPage';
import { CheckoutSuccessPage } from '../pages/CheckoutSuccessPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { OrderPage } from '../pages/OrderPage';
import { OrdersPage } from '../pages/OrdersPage';
import { ProductPage } from '../pages/ProductPage';
import { RouteErrorPage } from '../pages/RouteErrorPage';

/** The admin panel, loaded on demand: one chunk for all its pages. */
const adminPages = () => import('../admin/admin-pages');

/** The storefront's routes, shared by the browser router and the tests' memory router. */
export const routes: RouteObject[] = [
  {
    path: '/admin',
    lazy: async () => ({ Component: (await adminPages()).AdminShell }),
    // Shown for the moment the panel's chunk takes to load when the first page opened is an admin page.
    hydrateFallbackElement: <p className="visually-hidden">Loading the admin panel…</p>,
    children: [
      {
        lazy: async () => ({ ErrorBoundary: (await adminPages()).AdminRouteError }),
        children: [
          { path: 'login', lazy: async () => ({ Component: (await adminPages()).AdminLoginPage }) },
          {
            // Every other admin page needs a session: without one, the login page (and back afterwards).
            lazy: async () => ({ Component: (await adminPages()).RequireAdmin }),
            children: [
              { index: true, lazy: async () => ({ Component: (await adminPages()).AdminDashboardPage }) },
              { path: 'orders', lazy: async () => ({ Component: (await adminPages()).AdminOrdersPage }) },
              {
                path: 'orders/:orderId',
                lazy: async () => ({ Component: (await adminPages()).AdminOrderPage }),
              },
              {
                path: 'orders/:orderId/packing-slip',
                lazy: async () => ({ Component: (await adminPages()).AdminPackingSlipPage }),
              },
              {
                path: 'stripe-events',
                lazy: async () => ({ Component: (await adminPages()).AdminStripeEventsPage }),
              },
              { path: 'watch', lazy: async () => ({ Component: (await adminPages()).AdminWatchPage }) },
              { path: 'settings', lazy: async () => ({ Component: (await adminPages()).AdminSettingsPage }) },
              { path: 'products', lazy: async () => ({ Component: (await adminPages()).AdminProductsPage }) },
              { path: 'shipping', lazy: async () => ({ Component: (await adminPages()).AdminShippingPage }) },
              {
                path: 'promotion-codes',
                lazy: async () => ({ Component: (await adminPages()).AdminPromotionCodesPage }),
              },
              { path: '*', lazy: async () => ({ Component: (await adminPages()).AdminNotFoundPage }) },
            ],
          },
        ],
      },
    ],
  },
  {
    path: '/',
    element: <Layout />,
    children: [
      {
        // Errors thrown while rendering a page keep the header and footer around them.
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <CatalogPage /> },
          { path: 'products/:productId', element: <ProductPage /> },
          { path: 'cart', element: <CartPage /> },
          { path: 'checkout/success', element: <CheckoutSuccessPage /> },
          { path: 'checkout/cancel', element: <CheckoutCancelPage /> },
          { path: 'orders', element: <OrdersPage /> },
          { path: 'orders/:orderId', element: <OrderPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
