import type { Problem } from './api/problem';
import { Alert } from './shared/Alert';
import { usePageTitle } from './shared/usePageTitle';

interface UnavailablePageProps {
  /** Why the app could not load: the server is unreachable, or answered with an error. */
  error: Problem;
  onRetry: () => void;
}

/** In place of the sign-in page when the app cannot tell whether anyone is signed in. */
export function UnavailablePage({ error, onRetry }: UnavailablePageProps) {
  usePageTitle('Sign in');
  return (
    <section className="card" aria-labelledby="unavailable-heading">
      <h1 id="unavailable-heading" tabIndex={-1}>
        Sign in
      </h1>
      <Alert {...error}>
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      </Alert>
    </section>
  );
}
