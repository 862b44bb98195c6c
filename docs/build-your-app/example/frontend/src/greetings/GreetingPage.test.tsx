import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, expect, it, vi } from 'vitest';
import { App } from '../App';
import { ada, bodyOf, brand, fakeBackend, json, signedInAs, validationProblem } from '../test/fakeBackend';

vi.mock('@react-oauth/google', async () => (await import('../test/fakeGoogle')).fakeGoogleModule);

/** The whole app at /greetings, signed in as Ada, with the fake backend answering POST /api/greetings with `answer`. */
function openGreetingsAnswering(answer: Response) {
  window.history.replaceState(null, '', '/greetings');
  const backend = fakeBackend({
    'GET /api/auth/config': json({ brand, googleClientId: null, developmentSignIn: true, providers: [] }),
    'GET /api/session': signedInAs(ada),
    'POST /api/greetings': answer,
  });
  render(<App />);
  return backend;
}

afterEach(() => {
  window.history.replaceState(null, '', '/');
});

it('greets the signed-in user by the name they give', async () => {
  const { requests } = openGreetingsAnswering(json({ message: 'Hello, Ada!', memberSince: '2025-01-02T09:00:00Z' }));

  const heading = await screen.findByRole('heading', { level: 1, name: 'Greetings' });
  await waitFor(() => expect(heading).toHaveFocus());
  expect(screen.getByRole('link', { name: 'Greetings', current: 'page' })).toBeInTheDocument();
  await userEvent.type(screen.getByLabelText('Your name'), 'Ada');
  await userEvent.click(screen.getByRole('button', { name: 'Greet me' }));

  await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Hello, Ada!'));
  const greet = requests.find((request) => request.path === '/api/greetings');
  expect(bodyOf(greet)).toEqual({ name: 'Ada' });
  expect(greet?.headers.get('X-CSRF')).toBe('1');
});

it('shows a refused name’s message beside the field', async () => {
  openGreetingsAnswering(validationProblem({ name: ["'Name' must not be empty."] }));

  await userEvent.click(await screen.findByRole('button', { name: 'Greet me' }));

  expect(await screen.findByRole('alert')).toHaveTextContent('Check what you entered');
  const field = screen.getByLabelText('Your name');
  expect(field).toHaveAttribute('aria-invalid', 'true');
  expect(field).toHaveAccessibleDescription("'Name' must not be empty.");
  expect(screen.getByRole('status')).toBeEmptyDOMElement();
});
