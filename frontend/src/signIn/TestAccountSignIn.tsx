import { useId, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { describeError, getSignInNonce, getTestAccounts, mintTestIdToken } from '../api/client';
import type { TestAccount, TestAccountChoice } from '../api/client';
import type { Problem } from '../api/problem';
import { usePageTitle } from '../shared/usePageTitle';
import { Alert } from '../shared/Alert';
import { Spinner } from '../shared/Spinner';
import { TestAccountChooser } from './TestAccountChooser';
import { TestAccountMark } from './ProviderMark';

interface TestAccountSignInProps {
  /** Signs in (or links) with the minted ID token and the nonce it carries; resolves to whether the backend accepted it. */
  onCredential: (idToken: string, nonce: string) => Promise<boolean>;
  /**
   * Sign in as the account (the page moves on by itself); or link it to the signed-in user, or sign in again
   * as the signed-in user to confirm it's them: then the chooser waits for the answer, closes, and the page
   * says how it went.
   */
  purpose?: 'sign-in' | 'link' | 'reauthenticate';
  /** Its wait is a live status; false inside a section whose own status is the one live there (the account page). */
  liveWait?: boolean;
}

const labels = {
  'sign-in': { button: 'Sign in with a test account', hint: 'Choose a made-up person on this page. No password needed.' },
  link: { button: 'Link a test account', hint: 'A test account or any email, as another way to sign in.' },
  reauthenticate: { button: 'Confirm with a test account', hint: 'Choose the test account you use here.' },
};

type Chooser =
  | { kind: 'closed'; loadError: Problem | null }
  | { kind: 'loading' }
  | { kind: 'open'; accounts: TestAccount[] };

/**
 * Development sign-in: the server's built-in identity provider signs a Google-shaped ID token for a
 * chosen test account, and the flow goes on exactly as with Google's button, nonce included.
 */
export function TestAccountSignIn({ onCredential, purpose = 'sign-in', liveWait = true }: TestAccountSignInProps) {
  const [chooser, setChooser] = useState<Chooser>({ kind: 'closed', loadError: null });
  // The account page may show two at once (to link, to confirm it's you): each its own id.
  const hintId = useId();
  const [minting, setMinting] = useState(false);
  const [mintError, setMintError] = useState<Problem | null>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  usePageTitle(chooser.kind === 'open' ? 'Choose a test account' : null);

  const open = async () => {
    setChooser({ kind: 'loading' });
    try {
      setChooser({ kind: 'open', accounts: await getTestAccounts() });
    } catch (error) {
      setChooser({ kind: 'closed', loadError: describeError(error) });
    }
  };

  const close = (returnFocus = true) => {
    // Back to the button that opened the chooser, once it is on the page again, so the keyboard user is where they were.
    flushSync(() => setChooser({ kind: 'closed', loadError: null }));
    if (returnFocus) {
      openButton.current?.focus();
    }
  };

  const signInAs = async (choice: TestAccountChoice) => {
    setMinting(true);
    setMintError(null);
    try {
      // A fresh nonce for every attempt: the backend accepts each one once.
      const nonce = await getSignInNonce();
      const accepted = onCredential(await mintTestIdToken(choice, nonce), nonce);
      if (purpose !== 'sign-in') {
        // A refusal is told by the page in an alert that takes focus; a link brings focus back to this button.
        close(await accepted);
      }
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
        purpose={purpose === 'link' ? 'link' : 'sign-in'}
      />
    );
  }

  // The button stays while the accounts load, and opens them again after a failure: focus never leaves it.
  const loading = chooser.kind === 'loading';
  const signingIn = purpose === 'sign-in';
  return (
    <div className="dev-sign-in">
      <button
        ref={openButton}
        type="button"
        // On the sign-in card, one of the ways to sign in, each alike; on the account page, one of its actions.
        className={signingIn ? 'provider-button' : 'button button-secondary button-small'}
        aria-disabled={loading}
        aria-busy={loading}
        aria-describedby={loading ? undefined : hintId}
        onClick={loading ? undefined : () => void open()}
      >
        {signingIn ? <TestAccountMark /> : null}
        <span>{labels[purpose].button}</span>
      </button>
      {loading ? (
        <Spinner label="Loading test accounts…" live={liveWait} />
      ) : (
        <p id={hintId} className="hint">
          {labels[purpose].hint}
        </p>
      )}
      {chooser.kind === 'closed' && chooser.loadError ? <Alert {...chooser.loadError} /> : null}
    </div>
  );
}
