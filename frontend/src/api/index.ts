/**
 * The API client for your own pages. Every call goes same-origin with the session cookie, carries
 * X-CSRF when it changes something, and is typed from docs/openapi.json (run `npm run generate:api`
 * after adding an endpoint). `read` gives the answer's body, or throws an ApiError whose `code` is the
 * error catalogue's (docs/api.md), or a NetworkError; `describeError` turns either into a message.
 *
 *   import { api, read, describeError, isSessionEnded } from '../api';
 *
 *   const orders = await read(api.GET('/api/orders'));
 *   await read(api.POST('/api/orders', { body: { item: 'tea' } }));
 */
export { ApiError, NetworkError, api, describeError, isSessionEnded, read } from './client';
export type { User } from './client';
export type { Problem } from './problem';
export type { ErrorCode } from './errorMessages';
