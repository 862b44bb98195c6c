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
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  return {
    title: typeof fields.title === 'string' ? fields.title : fallbackTitle,
    detail: typeof fields.detail === 'string' ? fields.detail : null,
  };
}
