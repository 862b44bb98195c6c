import { GreetingPage } from '../greetings/GreetingPage';
import type { PageRoute } from './routes';

/** Your app's pages behind sign-in, in the header's order (after the product's own). See docs/build-your-app.md. */
export const appRoutes: PageRoute[] = [
  { path: '/greetings', element: <GreetingPage />, nav: 'Greetings' },
];
