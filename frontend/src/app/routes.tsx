import type { ReactNode } from 'react';
import { Account, Profile } from './productPages';

/** A page behind sign-in. */
export interface PageRoute {
  /** Its address, as React Router matches it: '/orders', '/orders/:id'. */
  path: string;
  /** The page. A signed-out visitor is sent to sign in and back here; useSignedIn() gives it the user. */
  element: ReactNode;
  /** The text of its link in the site header; leave it out for a page reached from another page. */
  nav?: string;
}

/**
 * YOUR APP'S PAGES: one line each, in the header's order (after the product's own).
 *
 *   { path: '/orders', element: <OrdersPage />, nav: 'Orders' },
 *
 * with OrdersPage in a file of its own (src/orders/OrdersPage.tsx, say). It calls the API through
 * src/api (see index.ts there) and names itself with usePageTitle('Orders'). The sign-in page, the
 * "Page not found" page and the development pages are the app's own (App.tsx): not listed here.
 */
export const appRoutes: PageRoute[] = [];

/** The product's own pages behind sign-in. */
export const productRoutes: PageRoute[] = [
  { path: '/', element: <Profile />, nav: 'Profile' },
  { path: '/account', element: <Account />, nav: 'Account' },
];

/** Every page behind sign-in, in the header's order. */
export const signedInRoutes: PageRoute[] = [...productRoutes, ...appRoutes];
