import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import './dialogPolyfill';

// findBy* and waitFor wait for the state a test means; this is only their ceiling. A loaded 2-core
// machine (CI, or a build beside the tests) can take well over the default second to render a page.
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
});
