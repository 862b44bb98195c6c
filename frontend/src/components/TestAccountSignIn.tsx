import { useState } from 'react';
import { describeError, getSignInNonce, getTestAccounts, mintTestIdToken } from '../api/client';
import type { TestAccount, TestAccountChoice } from '../api/client';
import type { Problem } from '../api/problem';
import { Alert } from './Alert';
import { Spinner } from './Spinner';
import { TestAccountChooser } from './TestAccountChooser';

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
    <TestAccountChooser
      accounts={chooser.accounts}
      busy={minting}
      error={mintError}
      onChoose={(choice) => void signInAs(choice)}
      onCancel={() => setChooser({ kind: 'closed' })}
    />
  );
}
