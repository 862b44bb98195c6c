import { useLayoutEffect, useRef, useState } from 'react';
import { getLogins, isSessionEnded, linkGoogleAccount, startLink, unlinkLogin } from '../api/client';
import type { AuthConfig, AuthProvider, Login } from '../api/client';
import { describeLinkFailure } from './linkResult';
import type { LinkFailure, LinkResult } from './linkResult';
import type { Problem } from '../api/problem';
import { useAccountResource } from './useAccountResource';
import { Alert } from '../shared/Alert';
import { goTo } from '../shared/navigation';
import { GoogleSignInButton } from '../signIn/GoogleSignInButton';
import { TestAccountSignIn } from '../signIn/TestAccountSignIn';
import { PendingLinkPrompt } from './PendingLinkPrompt';
import { ResourceState } from './ResourceState';
import { SectionStatus } from './SectionStatus';
import { Fact } from './Fact';
import { Time } from './Time';

interface LoginListProps {
  config: AuthConfig;
  /** How a redirect link came back to this page, read from the address. */
  linkResult: LinkResult;
  /** The session has ended: revoked, expired, or (with why) ended by unlinking the login it was opened with. */
  onSessionEnded: (why?: Problem) => void;
  /** Signs out, so the user can sign in afresh: linking and unlinking need a recent sign-in. */
  onReauthenticate: () => void;
  /** A login was linked or unlinked: the activity has news. */
  onChanged: () => void;
}

const unlinkedOwnSignIn: Problem = {
  title: 'You are signed out',
  detail: 'You unlinked the sign-in method this session was opened with. Sign in with one you kept.',
};

/** A status that starts with a provider's name, which may start in lower case ("the development provider"). */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The user's ways to sign in, each removable but the last, and the configured ones not linked yet. */
export function LoginList({ config, linkResult, onSessionEnded, onReauthenticate, onChanged }: LoginListProps) {
  const { resource, retry, setResource } = useAccountResource(getLogins, onSessionEnded);
  const [unlinking, setUnlinking] = useState<string | null>(null);
  const [linking, setLinking] = useState(false);
  const [status, setStatus] = useState('');
  // The account a redirect link came back with, until the person adds it or not.
  const [pendingLinkId, setPendingLinkId] = useState(linkResult?.kind === 'pending' ? linkResult.id : null);
  // Each failure gets a new key, so its alert takes focus even when one was already shown.
  const [failure, setFailure] = useState<(LinkFailure & { key: number }) | null>(() =>
    linkResult?.kind === 'failed' ? { ...linkResult.failure, key: 0 } : null,
  );
  const statusRef = useRef<HTMLParagraphElement>(null);
  const unlinkButtons = useRef(new Map<string, HTMLButtonElement>());
  // Where focus goes once a removed row has left the list: the next row's button, else the status.
  const pendingFocus = useRef<string | null>(null);

  useLayoutEffect(() => {
    const target = pendingFocus.current;
    if (target === null || resource.kind !== 'ready') {
      return;
    }
    pendingFocus.current = null;
    (unlinkButtons.current.get(target) ?? statusRef.current)?.focus();
  }, [resource]);

  const logins = resource.kind === 'ready' ? resource.data : [];
  const fail = (linkFailure: LinkFailure) => {
    setStatus('');
    setFailure((previous) => ({ ...linkFailure, key: (previous?.key ?? 0) + 1 }));
  };

  const unlink = async (login: Login) => {
    setUnlinking(login.id);
    setFailure(null);
    setStatus(`Unlinking ${login.displayName}…`);
    try {
      // Already removed elsewhere (404) counts as done.
      if (await unlinkLogin(login.id)) {
        // The server ended this session with the login and cleared its cookie: nothing here works any more.
        onSessionEnded(unlinkedOwnSignIn);
        return;
      }
      const index = logins.indexOf(login);
      pendingFocus.current = (logins[index + 1] ?? logins[index - 1])?.id ?? '';
      setResource({ kind: 'ready', data: logins.filter((other) => other.id !== login.id) });
      setStatus(sentence(`${login.displayName} unlinked`));
      onChanged();
    } catch (error) {
      if (isSessionEnded(error)) {
        onSessionEnded();
        return;
      }
      // 409: the server's reason ("This is your only way to sign in"); 403: sign in again, as for a refused link.
      fail(describeLinkFailure(error));
    } finally {
      setUnlinking(null);
    }
  };

  /** A login added: listed (once), and the news told where focus goes. */
  const added = (login: Login) => {
    // Linking a login the user already has answers it again: replace it rather than list it twice.
    setResource((previous) => ({
      kind: 'ready',
      data: [...(previous.kind === 'ready' ? previous.data : []).filter((other) => other.id !== login.id), login],
    }));
    setStatus(sentence(`${login.displayName} linked`));
    onChanged();
  };

  /** Links a Google-shaped ID token; resolves to whether the server accepted it. */
  const link = async (idToken: string, nonce: string, focusStatus: boolean): Promise<boolean> => {
    setLinking(true);
    setFailure(null);
    setStatus('Linking…');
    try {
      added(await linkGoogleAccount(idToken, nonce));
      if (focusStatus) {
        // The control that linked is gone (the provider is linked now): focus goes to the news.
        statusRef.current?.focus();
      }
      return true;
    } catch (error) {
      // A 401 here is the token or its nonce refused, not the session: the server says which.
      fail(describeLinkFailure(error));
      return false;
    } finally {
      setLinking(false);
    }
  };

  /** A redirect provider's link: the server starts it, then the browser leaves for the provider. */
  const startRedirectLink = async (provider: AuthProvider) => {
    setLinking(true);
    setFailure(null);
    setStatus(sentence(`Going to ${provider.displayName}…`));
    try {
      // Still busy while the browser leaves.
      goTo(await startLink(provider.name));
    } catch (error) {
      setLinking(false);
      if (isSessionEnded(error)) {
        onSessionEnded();
        return;
      }
      fail(describeLinkFailure(error));
    }
  };

  const linked = new Set(logins.map((login) => login.provider));
  const unlinkedProviders = config.providers.filter((provider) => !linked.has(provider.name));
  const onlyOne = logins.length === 1;
  const canLink = unlinkedProviders.length > 0 || config.developmentSignIn;

  return (
    <section className="account-section" aria-labelledby="logins-heading">
      <h2 id="logins-heading">Sign-in methods</h2>
      <SectionStatus news={status} resource={resource} loadingLabel="Loading sign-in methods…" statusRef={statusRef} />
      {failure ? (
        <Alert key={failure.key} {...failure.problem} takesFocus={failure.key > 0}>
          {failure.reauthenticate ? (
            <button type="button" className="button" onClick={onReauthenticate}>
              Sign in again
            </button>
          ) : null}
        </Alert>
      ) : null}
      {pendingLinkId !== null ? (
        <PendingLinkPrompt
          id={pendingLinkId}
          onLinked={(login) => {
            setPendingLinkId(null);
            added(login);
            // The prompt is gone: focus goes to the news.
            statusRef.current?.focus();
          }}
          onDeclined={() => {
            setPendingLinkId(null);
            setStatus('Nothing was linked');
            statusRef.current?.focus();
          }}
          onFailed={(linkFailure) => {
            setPendingLinkId(null);
            fail(linkFailure);
          }}
          onSessionEnded={onSessionEnded}
        />
      ) : null}
      <ResourceState resource={resource} failureTitle="Your sign-in methods could not be loaded" onRetry={retry} />
      {resource.kind === 'ready' ? (
        <>
          <ul className="item-list">
            {logins.map((login) => (
              <li key={login.id} className="item">
                <div className="item-main">
                  <p className="item-title">{login.displayName}</p>
                  {login.email ? <p className="item-detail">{login.email}</p> : null}
                  <dl className="facts">
                    <Fact term="Linked"><Time value={login.linkedAt} /></Fact>
                    <Fact term="Last used"><Time value={login.lastUsedAt} /></Fact>
                  </dl>
                </div>
                <div className="item-actions">
                  {/* Never disabled: a disabled button leaves the tab order, and with it the reason it cannot be used. */}
                  <button
                    ref={(element) => {
                      if (element) {
                        unlinkButtons.current.set(login.id, element);
                      } else {
                        unlinkButtons.current.delete(login.id);
                      }
                    }}
                    type="button"
                    className="button button-secondary"
                    aria-disabled={onlyOne || unlinking !== null}
                    aria-busy={unlinking === login.id}
                    aria-describedby={onlyOne ? 'last-login-note' : undefined}
                    onClick={onlyOne || unlinking !== null ? undefined : () => void unlink(login)}
                  >
                    {unlinking === login.id ? 'Unlinking…' : 'Unlink'}
                    <span className="visually-hidden">
                      {' '}
                      {login.displayName}
                      {login.email ? ` ${login.email}` : ''}
                    </span>
                  </button>
                </div>
              </li>
            ))}
          </ul>
          {onlyOne ? (
            <p id="last-login-note" className="hint">
              This is your only way to sign in, so it cannot be unlinked. Link another one first.
            </p>
          ) : null}

          <h3 className="subheading">Add a way to sign in</h3>
          {canLink ? (
            <ul className="link-options" aria-busy={linking}>
              {unlinkedProviders.map((provider) => (
                <li key={provider.name}>
                  {provider.signIn === 'google-button' && config.googleClientId ? (
                    <>
                      <p className="link-label">Link {provider.displayName}</p>
                      <GoogleSignInButton
                        clientId={config.googleClientId}
                        text="continue_with"
                        liveWait={false}
                        onCredential={(idToken, nonce) => link(idToken, nonce, true)}
                        onError={(message) => fail({ problem: { title: 'Google sign-in failed', detail: message }, reauthenticate: false })}
                      />
                    </>
                  ) : (
                    // A button that POSTs (never a navigation another site could send), then leaves for the
                    // provider, which comes back to this page.
                    <button
                      type="button"
                      className="button"
                      aria-disabled={linking}
                      onClick={linking ? undefined : () => void startRedirectLink(provider)}
                    >
                      Link {provider.displayName}
                    </button>
                  )}
                </li>
              ))}
              {config.developmentSignIn ? (
                <li>
                  <TestAccountSignIn purpose="link" liveWait={false} onCredential={(idToken, nonce) => link(idToken, nonce, false)} />
                </li>
              ) : null}
            </ul>
          ) : (
            <p className="hint">Every available sign-in method is linked.</p>
          )}
        </>
      ) : null}
    </section>
  );
}
