import { useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { describeError, getSignInNonce, getTestAccounts, mintTestIdToken } from '../api/client';
import type { TestAccount, TestAccountChoice } from '../api/client';
import type { Problem } from '../api/problem';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { Alert } from './Alert';
import { Spinner } from './Spinner';
import { TestAccountChooser } from './TestAccountChooser';

interface TestAccountSignInProps {
  /** Signs in with the minted ID token and the nonce it carries. */
  onCredential: (idToken: string, nonce: string) => void;
}

type Chooser =
  | { kind: 'closed'; loadError: Problem | null }
  | { kind: 'loading' }
  | { kind: 'open'; accounts: TestAccount[] };

/**
 * Development sign-in: the server's built-in identity provider signs a Google-shaped ID token for a
 * chosen test account, and the flow goes on exactly as with Google's button, nonce included.
 */
export function TestAccountSignIn({ onCredential }: TestAccountSignInProps) {
  const [chooser, setChooser] = useState<Chooser>({ kind: 'closed', loadError: null });
  const [minting, setMinting] = useState(false);
  const [mintError, setMintError] = useState<Problem | null>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  useDocumentTitle(chooser.kind === 'open' ? 'Choose a test account · GoogleLogin' : null);

  const open = async () => {
    setChooser({ kind: 'loading' });
    try {
      setChooser({ kind: 'open', accounts: await getTestAccounts() });
    } catch (error) {
      setChooser({ kind: 'closed', loadError: describeError(error) });
    }
  };

  const close = () => {
    // Back to the button that opened the chooser, once it is on the page again, so the keyboard user is where they were.
    flushSync(() => setChooser({ kind: 'closed', loadError: null }));
    openButton.current?.focus();
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

  if (chooser.kind === 'open') {
    return (
      <TestAccountChooser
        accounts={chooser.accounts}
        busy={minting}
        error={mintError}
        onChoose={(choice) => void signInAs(choice)}
        onCancel={close}
        openedOnRequest
      />
    );
  }

  // The button stays while the accounts load, and opens them again after a failure: focus never leaves it.
  const loading = chooser.kind === 'loading';
  return (
    <div className="dev-sign-in">
      <button ref={openButton} type="button" className="button" aria-disabled={loading} onClick={loading ? undefined : () => void open()}>
        Sign in with a test account
      </button>
      {loading ? <Spinner label="Loading test accounts…" /> : <p className="hint">Development mode: no Google account needed.</p>}
      {chooser.kind === 'closed' && chooser.loadError ? <Alert {...chooser.loadError} /> : null}
    </div>
  );
}
