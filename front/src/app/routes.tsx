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

/** The storefront's routes, shared by the browser router and the tests' memory router. */
export const routes: RouteObject[] = [
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
