import type { PageRoute } from './routes';

/**
 * YOUR APP'S PAGES: one line each, in the header's order (after the product's own). See
 * docs/build-your-app.md. A page is a component in a file of its own (src/orders/OrdersPage.tsx, say):
 *
 *   { path: '/orders', element: <OrdersPage />, nav: 'Orders' },
 *
 * Each is behind sign-in: a signed-out visitor is sent to sign in and back. The page calls the API
 * through src/api (see index.ts there), names itself with usePageTitle('Orders') and reads the user
 * with useSignedIn(). `nav` gives it a link in the site header; leave it out for a page reached from
 * another page. This file is yours: the product's own pages are in routes.tsx.
 */
export const appRoutes: PageRoute[] = [];
