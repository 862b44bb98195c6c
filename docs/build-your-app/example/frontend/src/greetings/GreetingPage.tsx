import { useState } from 'react';
import type { FormEvent } from 'react';
import { api, ApiError, read } from '../api/client';
import type { components } from '../api/schema';
import { describeCode } from '../api/errorMessages';
import type { Problem } from '../api/problem';

// The answer's type, generated from docs/openapi.json by the build.
type Greeting = components['schemas']['GreetingDto'];

/** Asks for a name and shows the server's greeting, or what went wrong. */
export function GreetingPage() {
  const [name, setName] = useState('');
  const [greeting, setGreeting] = useState<Greeting | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function greet(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    try {
      // The client adds X-CSRF to a POST, and types the path, the body and the answer.
      setGreeting(await read(api.POST('/api/greetings', { body: { name } })));
    } catch (error) {
      if (!(error instanceof ApiError)) {
        throw error;
      }
      setGreeting(null);
      setProblem(describeCode(error.code, error.problem));
    }
  }

  return (
    <main>
      <h1>Greetings</h1>
      <form onSubmit={(event) => void greet(event)}>
        <label>
          Your name <input value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        {problem?.fieldErrors?.name?.map((message) => <p key={message}>{message}</p>)}
        <button type="submit">Greet me</button>
      </form>
      {greeting && <p role="status">{greeting.message}</p>}
      {problem && !problem.fieldErrors && <p role="alert">{problem.title}</p>}
    </main>
  );
}
