/**
 * Leaving the app for another site (Stripe's hosted payment page). One object, so tests can watch the redirect
 * instead of jsdom trying (and failing) to navigate.
 */
export const browserNavigation = {
  assign(url: string): void {
    window.location.assign(url);
  },
};
