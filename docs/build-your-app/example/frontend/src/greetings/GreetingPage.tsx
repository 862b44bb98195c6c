import { useState } from 'react';
import type { FormEvent } from 'react';
import { api, describeError, isSessionEnded, read } from '../api';
import type { Problem } from '../api';
import type { components } from '../api/schema';
import { useSignedIn } from '../app/session';
import { Alert } from '../shared/Alert';
import { usePageTitle } from '../shared/usePageTitle';

// The answer's type, generated from docs/openapi.json by the build.
type Greeting = components['schemas']['GreetingDto'];

/** Asks for a name and shows the server's greeting, or what went wrong. */
export function GreetingPage() {
  usePageTitle('Greetings');
  const { sessionEnded } = useSignedIn();
  const [name, setName] = useState('');
  const [greeting, setGreeting] = useState<Greeting | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  // The server's word on the field, shown beside it (a 400 validation_failed names each field it refused).
  const nameError = problem?.fieldErrors?.name?.join(' ');

  async function greet(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setGreeting(null);
    setProblem(null);
    try {
      // The client adds X-CSRF to a POST, and types the path, the body and the answer.
      setGreeting(await read(api.POST('/api/greetings', { body: { name } })));
    } catch (error) {
      if (isSessionEnded(error)) {
        // Signed out elsewhere, or expired: the app goes back to signing in, and comes back here after.
        sessionEnded();
      } else {
        setProblem(describeError(error));
      }
    }
  }

  return (
    <section className="card" aria-labelledby="greetings-heading">
      {/* The app moves focus to each new page's h1; tabIndex -1 lets it take focus. */}
      <h1 id="greetings-heading" tabIndex={-1}>
        Greetings
      </h1>
      {problem ? <Alert {...problem} /> : null}
      <form onSubmit={(event) => void greet(event)} noValidate>
        <label htmlFor="greeting-name">Your name</label>
        <input
          id="greeting-name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? 'greeting-name-error' : undefined}
        />
        {nameError ? (
          <p id="greeting-name-error" className="field-error">
            {nameError}
          </p>
        ) : null}
        <button type="submit" className="button">
          Greet me
        </button>
      </form>
      {/* Always on the page, so that screen readers announce the greeting as it appears. */}
      <p role="status">{greeting?.message}</p>
    </section>
  );
}
