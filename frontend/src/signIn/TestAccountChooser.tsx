import { useId, useLayoutEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import type { TestAccount, TestAccountChoice } from '../api/client';
import type { Problem } from '../api/problem';
import { Alert } from '../shared/Alert';
import { focusOnMount } from '../shared/focusOnMount';

interface TestAccountChooserProps {
  accounts: TestAccount[];
  /** A choice is being signed in: every control waits. */
  busy: boolean;
  /** Why the last choice failed: beside the email field when the server says it is the email, else above the accounts. */
  error: Problem | null;
  onChoose: (choice: TestAccountChoice) => void;
  onCancel: () => void;
  /** Opened by the person, over the page: focus goes to its heading, and Escape cancels. */
  openedOnRequest?: boolean;
  /** What choosing does: sign in as the account, or link it to the signed-in user as another way to sign in. */
  purpose?: 'sign-in' | 'link';
}

// Like the server's check: something before and after one @, no spaces. The server has the last word.
const emailPattern = /^[^\s@]+@[^\s@]+$/;

/** What is wrong with a typed-in email, or null when it can be sent. */
function checkEmail(email: string): string | null {
  if (email === '') {
    return 'Enter an email address.';
  }
  return emailPattern.test(email) ? null : 'Enter an email address such as someone@example.com.';
}

/**
 * The development identity provider's account chooser: a listed test account, or any email. Shown on
 * the sign-in page for the ID-token sign-in, and as the provider's own page in the redirect sign-in.
 */
export function TestAccountChooser({
  accounts,
  busy,
  error,
  onChoose,
  onCancel,
  openedOnRequest = false,
  purpose = 'sign-in',
}: TestAccountChooserProps) {
  const verb = purpose === 'link' ? 'Link' : 'Sign in as';
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  // The form's own check, at the last submit; the server's word on the email comes with `error`.
  const [checkedEmailError, setCheckedEmailError] = useState<string | null>(null);
  const emailInput = useRef<HTMLInputElement>(null);
  // Ids of its own: the account page can show two choosers at once (linking, and confirming it's you).
  const id = useId();
  const headingId = `${id}-heading`;
  const emailId = `${id}-email`;
  const emailErrorId = `${id}-email-error`;
  const nameId = `${id}-name`;

  const serverEmailError = error?.fieldErrors?.email?.join(' ') ?? null;
  const emailError = checkedEmailError ?? serverEmailError;

  // The server refused the email: take the person to the field that says why.
  useLayoutEffect(() => {
    if (error?.fieldErrors?.email) {
      emailInput.current?.focus();
    }
  }, [error]);

  // While a choice is under way the controls say they are unavailable but stay focusable: a disabled
  // button would drop the keyboard user's focus to the page.
  const choose = (choice: TestAccountChoice) => {
    if (!busy) {
      onChoose(choice);
    }
  };

  const cancel = () => {
    if (!busy) {
      onCancel();
    }
  };

  const submitCustom = (event: FormEvent) => {
    event.preventDefault();
    const typed = email.trim();
    const problem = checkEmail(typed);
    setCheckedEmailError(problem);
    if (problem) {
      emailInput.current?.focus();
    } else {
      choose({ email: typed, name: name.trim() });
    }
  };

  const cancelOnEscape = (event: KeyboardEvent) => {
    if (openedOnRequest && event.key === 'Escape') {
      cancel();
    }
  };

  return (
    <div className="chooser" role="group" aria-labelledby={headingId} onKeyDown={cancelOnEscape}>
      <h2 id={headingId} tabIndex={-1} ref={openedOnRequest ? focusOnMount : undefined}>
        Choose a test account
      </h2>
      {error && !serverEmailError ? <Alert {...error} /> : null}
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
              <span className="visually-hidden">{verb} </span>
              <span className="account-name">{account.name}</span>{' '}
              <span className="account-email">{account.email}</span>{' '}
              <span className="account-note">{account.description}</span>
            </button>
          </li>
        ))}
      </ul>

      {/* Checked here rather than by the browser, whose popup no screen reader keeps and no page can style. */}
      <form className="custom-account" onSubmit={submitCustom} noValidate>
        <p className="form-title">{purpose === 'link' ? 'Or link any email' : 'Or sign in as anyone'}</p>
        <label htmlFor={emailId}>Email</label>
        <input
          id={emailId}
          ref={emailInput}
          type="email"
          required
          autoComplete="off"
          aria-invalid={emailError ? true : undefined}
          aria-describedby={emailError ? emailErrorId : undefined}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        {emailError ? (
          <p id={emailErrorId} className="field-error">
            {emailError}
          </p>
        ) : null}
        <label htmlFor={nameId}>Name</label>
        <input id={nameId} type="text" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="button" aria-disabled={busy}>
          Continue
        </button>
      </form>

      <button type="button" className="link-button" onClick={cancel} aria-disabled={busy}>
        Cancel
      </button>
    </div>
  );
}
