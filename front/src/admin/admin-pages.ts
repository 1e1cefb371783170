/**
 * Everything the admin panel renders, behind one dynamic import (see app/routes.tsx): shoppers never download
 * it, and the panel loads as one chunk (with its stylesheet, imported by the shell).
 */
export { AdminShell } from './AdminShell';
export { AdminRouteError } from './AdminRouteError';
export { RequireAdmin } from './RequireAdmin';
export { AdminLoginPage } from './pages/AdminLoginPage';
export { AdminDashboardPage } from './pages/AdminDashboardPage';
export { AdminOrdersPage } from './pages/AdminOrdersPage';
export { AdminOrderPage } from './pages/AdminOrderPage';
export { AdminStripeEventsPage } from './pages/AdminStripeEventsPage';
export { AdminWatchPage } from './pages/AdminWatchPage';
export { AdminSettingsPage } from './pages/AdminSettingsPage';
export { AdminShippingPage } from './pages/AdminShippingPage';
export { AdminPromotionCodesPage } from './pages/AdminPromotionCodesPage';
export { AdminProductsPage } from './pages/AdminProductsPage';
export { AdminPackingSlipPage } from './pages/AdminPackingSlipPage';
export { AdminNotFoundPage } from './pages/AdminNotFoundPage';
