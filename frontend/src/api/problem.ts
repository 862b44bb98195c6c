import { toErrorCode } from './errorMessages';
import type { ErrorCode } from './errorMessages';
import type { components } from './schema';

/** An error answer's body as the backend's OpenAPI document declares it. */
export type ProblemDetails = components['schemas']['ProblemDetails'];
/** A refused request's body, with what is wrong with each field it names. */
export type ValidationProblemDetails = components['schemas']['HttpValidationProblemDetails'];

/**
 * A failure as the user reads it: a title and, when there is one, an explanation. The page's messages
 * (errorMessages.ts) take this shape. A refused request may also say what is wrong with its fields, to
 * be shown beside them.
 */
export interface Problem {
  title: string;
  detail: string | null;
  /** The messages for each field the server found wrong, by the request's field name. */
  fieldErrors?: Record<string, string[]>;
  /** News rather than a fault (a sign-in the person cancelled): a status, not an alert. */
  neutral?: boolean;
}

/** What an error answer's body says, as far as the page uses it. */
export interface ParsedProblem {
  code: ErrorCode;
  detail: string | null;
  fieldErrors?: Record<string, string[]>;
  /** For email_conflict: the route name of a provider the existing account signs in with. */
  signInWith?: string;
}

/**
 * The code, detail and field errors of a ProblemDetails body. Anything that is not as declared (a missing
 * or unknown code, a body from a proxy) falls back: to `unexpected`, to no detail, and to no field errors.
 */
export function parseProblem(body: unknown): ParsedProblem {
  // Checked field by field all the same: an error can come from a proxy instead of the backend.
  const fields: Partial<ValidationProblemDetails> = typeof body === 'object' && body !== null ? body : {};
  const fieldErrors = parseFieldErrors(fields.errors);
  const signInWith: unknown = fields.signInWith;
  return {
    code: toErrorCode(fields.code),
    detail: typeof fields.detail === 'string' ? fields.detail : null,
    ...(fieldErrors ? { fieldErrors } : {}),
    ...(typeof signInWith === 'string' && signInWith !== '' ? { signInWith } : {}),
  };
}

/** The fields that have at least one message that is text; null when none has. */
function parseFieldErrors(errors: unknown): Record<string, string[]> | null {
  if (typeof errors !== 'object' || errors === null) {
    return null;
  }
  const entries = Object.entries(errors)
    .map(([field, messages]): [string, string[]] => [
      field,
      Array.isArray(messages) ? messages.filter((message): message is string => typeof message === 'string') : [],
    ])
    .filter(([, messages]) => messages.length > 0);
  return entries.length > 0 ? Object.fromEntries(entries) : null;
}
