import type { ReactNode } from 'react';
import { appRoutes } from './appRoutes';
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

/** The account page's address: the header's user menu leads there too. */
export const accountPath = '/account';

/** The product's own pages behind sign-in. */
export const productRoutes: PageRoute[] = [
  { path: '/', element: <Profile />, nav: 'Profile' },
  { path: accountPath, element: <Account />, nav: 'Account' },
];

/** Every page behind sign-in, in the header's order: the product's, then yours (appRoutes.tsx). */
export const signedInRoutes: PageRoute[] = [...productRoutes, ...appRoutes];
