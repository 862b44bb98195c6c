import { useEffect, useRef, useState } from 'react';
import { answerDevelopmentAuthorization, ApiError, describeError, getTestAccounts } from '../api/client';
import type { TestAccount, TestAccountChoice } from '../api/client';
import type { Problem } from '../api/problem';
import { Alert } from '../shared/Alert';
import { Spinner } from '../shared/Spinner';
import { TestAccountChooser } from '../signIn/TestAccountChooser';
import { useDocumentTitle } from '../shared/useDocumentTitle';

/** Where the development identity provider's authorization endpoint is (its discovery document says so). */
export const developmentAuthorizationPath = '/dev-identity/authorize';

type State =
  | { kind: 'loading' }
  | { kind: 'failed'; problem: Problem }
  | { kind: 'choosing'; accounts: TestAccount[]; busy: boolean; error: Problem | null }
  | { kind: 'leaving' };

interface DevelopmentAuthorizePageProps {
  /** Sends the browser back to the app that asked; a seam for tests, since jsdom cannot navigate. */
  navigate?: (url: string) => void;
}

/** Its endpoints answer 404 unless development sign-in is on and the browser is on this machine. */
function describeLoadError(error: unknown): Problem {
  return error instanceof ApiError && error.code === 'not_found'
    ? {
        title: 'The development identity provider is not available here',
        detail: 'It runs only in development sign-in mode, for a browser on the same machine as the app.',
      }
    : describeError(error);
}

/**
 * The development identity provider's authorization page in the redirect sign-in: it stands where a
 * real provider's sign-in and consent pages are. The person picks a test account (or cancels), the
 * provider approves the request it was opened with, and the browser goes back with a code.
 */
export function DevelopmentAuthorizePage({ navigate = (url) => window.location.assign(url) }: DevelopmentAuthorizePageProps) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [query] = useState(() => new URLSearchParams(window.location.search));
  const heading = useRef<HTMLHeadingElement>(null);
  useDocumentTitle('Sign in · Development identity provider');

  useEffect(() => {
    heading.current?.focus();
    let cancelled = false;
    getTestAccounts().then(
      (accounts) => !cancelled && setState({ kind: 'choosing', accounts, busy: false, error: null }),
      (error: unknown) => !cancelled && setState({ kind: 'failed', problem: describeLoadError(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const answer = async (accounts: TestAccount[], choice: TestAccountChoice | 'deny') => {
    setState({ kind: 'choosing', accounts, busy: true, error: null });
    try {
      const redirectTo = await answerDevelopmentAuthorization(query, choice);
      setState({ kind: 'leaving' });
      navigate(redirectTo);
    } catch (error) {
      setState({ kind: 'choosing', accounts, busy: false, error: describeError(error) });
    }
  };

  const client = query.get('client_id');
  return (
    <>
      <header className="site-header">
        <span className="brand">Development identity provider</span>
      </header>
      <main className="main">
        <section className="card" aria-labelledby="authorize-heading">
          <h1 id="authorize-heading" ref={heading} tabIndex={-1}>
            Sign in
          </h1>
          {/* Named only once the provider answers: elsewhere this page would show whatever the address says. */}
          {state.kind === 'choosing' && client ? (
            <p className="lead">
              to continue to <span className="client-id">{client}</span>
            </p>
          ) : null}
          {state.kind === 'loading' ? <Spinner label="Loading test accounts…" /> : null}
          {state.kind === 'failed' ? (
            <Alert {...state.problem}>
              <a className="button" href="/">
                Go to the start page
              </a>
            </Alert>
          ) : null}
          {state.kind === 'leaving' ? <Spinner label="Returning to the app…" /> : null}
          {state.kind === 'choosing' ? (
            <TestAccountChooser
              accounts={state.accounts}
              busy={state.busy}
              error={state.error}
              onChoose={(choice) => void answer(state.accounts, choice)}
              onCancel={() => void answer(state.accounts, 'deny')}
            />
          ) : null}
        </section>
      </main>
    </>
  );
}
