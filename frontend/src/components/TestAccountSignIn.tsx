import { useState } from 'react';
import type { FormEvent } from 'react';
import { describeError, getSignInNonce, getTestAccounts, mintTestIdToken } from '../api/client';
import type { TestAccount, TestAccountChoice } from '../api/client';
import type { Problem } from '../api/problem';
import { Alert } from './Alert';
import { Spinner } from './Spinner';

interface TestAccountSignInProps {
  /** Signs in with the minted ID token and the nonce it carries. */
  onCredential: (idToken: string, nonce: string) => void;
}

type Chooser =
  | { kind: 'closed' }
  | { kind: 'loading' }
  | { kind: 'open'; accounts: TestAccount[] }
  | { kind: 'failed'; problem: Problem };

/**
 * Development sign-in: the server's built-in identity provider signs a Google-shaped ID token for a
 * chosen test account, and the flow goes on exactly as with Google's button, nonce included.
 */
export function TestAccountSignIn({ onCredential }: TestAccountSignInProps) {
  const [chooser, setChooser] = useState<Chooser>({ kind: 'closed' });
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [minting, setMinting] = useState(false);
  const [mintError, setMintError] = useState<Problem | null>(null);

  const open = async () => {
    setChooser({ kind: 'loading' });
    try {
      setChooser({ kind: 'open', accounts: await getTestAccounts() });
    } catch (error) {
      setChooser({ kind: 'failed', problem: describeError(error) });
    }
  };

  const signInAs = async (choice: TestAccountChoice) => {
    setMinting(true);
    setMintError(null);
    try {
      // A fresh nonce for every attempt: the backend accepts each one once.
      const nonce = await getSignInNonce();
      onCredential(await mintTestIdToken(choice, nonce), nonce);
    } catch (error) {
      setMintError(describeError(error));
    } finally {
      // The sign-in itself goes on in the page; if the backend refuses it, the chooser is usable again.
      setMinting(false);
    }
  };

  const submitCustom = (event: FormEvent) => {
    event.preventDefault();
    void signInAs({ email: email.trim(), name: name.trim() });
  };

  if (chooser.kind === 'closed') {
    return (
      <div className="dev-sign-in">
        <button type="button" className="button" onClick={() => void open()}>
          Sign in with a test account
        </button>
        <p className="hint">Development mode: no Google account needed.</p>
      </div>
    );
  }

  if (chooser.kind === 'loading') {
    return <Spinner label="Loading test accounts…" />;
  }

  if (chooser.kind === 'failed') {
    return (
      <Alert {...chooser.problem}>
        <button type="button" className="button" onClick={() => void open()}>
          Try again
        </button>
      </Alert>
    );
  }

  return (
    <div className="chooser" role="group" aria-labelledby="chooser-heading">
      <h2 id="chooser-heading">Choose a test account</h2>
      {mintError ? <Alert {...mintError} /> : null}
      <ul className="accounts">
        {chooser.accounts.map((account) => (
          <li key={account.id}>
            <button
              type="button"
              className="account"
              disabled={minting}
              onClick={() => void signInAs({ accountId: account.id })}
              aria-label={`Sign in as ${account.name}, ${account.email}`}
            >
              <span className="account-name">{account.name}</span>
              <span className="account-email">{account.email}</span>
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
        <button type="submit" className="button" disabled={minting}>
          Continue
        </button>
      </form>

      <button type="button" className="link-button" onClick={() => setChooser({ kind: 'closed' })} disabled={minting}>
        Cancel
      </button>
    </div>
  );
}
