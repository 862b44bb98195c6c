import { vi } from 'vitest';
import type { User } from '../api/client';

export const ada: User = {
  id: '0196b7a2-0000-7000-8000-000000000001',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  pictureUrl: 'https://lh3.googleusercontent.com/a/ada',
};

type Reply = Response | (() => Response | Promise<Response>) | 'network-error';

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export function problem(status: number, title: string, detail?: string): Response {
  return new Response(JSON.stringify({ status, title, detail }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

/**
 * Stands in for the backend at the fetch boundary: each "METHOD /path" answers with the reply
 * registered for it, and every request is recorded for assertions.
 */
export function fakeBackend(routes: Record<string, Reply>) {
  const requests: { method: string; path: string; init: RequestInit | undefined }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const path = typeof input === 'string' ? input : input.toString();
    requests.push({ method, path, init });
    const reply = routes[`${method} ${path}`];
    if (reply === undefined) {
      return problem(404, 'Not Found');
    }
    if (reply === 'network-error') {
      throw new TypeError('Failed to fetch');
    }
    return typeof reply === 'function' ? reply() : reply.clone();
  });
  vi.stubGlobal('fetch', fetchMock);
  return { routes, requests };
}
