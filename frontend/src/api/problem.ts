import type { components } from './schema';

/** An error answer's body as the backend's OpenAPI document declares it. */
export type ProblemDetails = components['schemas']['ProblemDetails'];

/**
 * A failure as the user reads it. The backend answers every error with an RFC 9457 ProblemDetails
 * body; its `title` and `detail` are the parts meant for people, and the SPA's own messages take
 * the same shape.
 */
export interface Problem {
  title: string;
  detail: string | null;
}

/**
 * The title and detail of a ProblemDetails body. Anything that is not text (a missing field, a
 * body from a proxy) falls back: to `fallbackTitle`, and to no detail.
 */
export function parseProblem(body: unknown, fallbackTitle: string): Problem {
  // Checked field by field all the same: an error can come from a proxy instead of the backend.
  const fields: ProblemDetails = typeof body === 'object' && body !== null ? body : {};
  return {
    title: typeof fields.title === 'string' ? fields.title : fallbackTitle,
    detail: typeof fields.detail === 'string' ? fields.detail : null,
  };
}
