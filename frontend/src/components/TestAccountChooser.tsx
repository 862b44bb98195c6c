import { useState } from 'react';
import type { FormEvent } from 'react';
import type { TestAccount, TestAccountChoice } from '../api/client';
import type { Problem } from '../api/problem';
import { Alert } from './Alert';

interface TestAccountChooserProps {
  accounts: TestAccount[];
  /** A choice is being signed in: every control waits. */
  busy: boolean;
  /** Why the last choice failed, shown above the accounts. */
  error: Problem | null;
  onChoose: (choice: TestAccountChoice) => void;
  onCancel: () => void;
}

/**
 * The development identity provider's account chooser: a listed test account, or any email. Shown on
 * the sign-in page for the ID-token sign-in, and as the provider's own page in the redirect sign-in.
 */
export function TestAccountChooser({ accounts, busy, error, onChoose, onCancel }: TestAccountChooserProps) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');

  // While a choice is under way the controls say they are unavailable but stay focusable: a disabled
  // button would drop the keyboard user's focus to the page.
  const choose = (choice: TestAccountChoice) => {
    if (!busy) {
      onChoose(choice);
    }
  };

  const submitCustom = (event: FormEvent) => {
    event.preventDefault();
    choose({ email: email.trim(), name: name.trim() });
  };

  return (
    <div className="chooser" role="group" aria-labelledby="chooser-heading">
      <h2 id="chooser-heading">Choose a test account</h2>
      {error ? <Alert {...error} /> : null}
      <ul className="accounts">
        {accounts.map((account) => (
          <li key={account.id}>
            <button
              type="button"
              className="account"
              aria-disabled={busy}
              onClick={() => choose({ accountId: account.id })}
            >
              {/* The visible text is the button's name, note included (WCAG 2.5.3), after what the button does. */}
              <span className="visually-hidden">Sign in as </span>
              <span className="account-name">{account.name}</span>{' '}
              <span className="account-email">{account.email}</span>{' '}
              <span className="account-note">{account.description}</span>
            </button>
          </li>
        ))}
      </ul>

      <form className="custom-account" onSubmit={submitCustom}>
        <p className="form-title">Or sign in as anyone</p>
        <label htmlFor="test-email">Email</label>
        <input id="test-email" type="email" required autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
        <label htmlFor="test-name">Name</label>
        <input id="test-name" type="text" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="button" aria-disabled={busy}>
          Continue
        </button>
      </form>

      <button type="button" className="link-button" onClick={() => !busy && onCancel()} aria-disabled={busy}>
        Cancel
      </button>
    </div>
  );
}
