import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { AppProviders } from './app/AppProviders';
import { createQueryClient } from './app/query-client';
import { routes } from './app/routes';
import { createCartStore } from './cart/cart-store';
import { createOrderBook } from './orders/order-book';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/order.css';
import './styles/pages.css';
import './styles/checkout.css';
import './styles/store-info.css';

/** `localStorage` itself can throw (storage disabled by policy); the cart then lives in memory. */
function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const router = createBrowserRouter(routes);
const queryClient = createQueryClient();
const storage = browserStorage();
const cartStore = createCartStore({ storage, events: window });
const orderBook = createOrderBook({ storage, events: window });

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <AppProviders queryClient={queryClient} cartStore={cartStore} orderBook={orderBook}>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>,
);
