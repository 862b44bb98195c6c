import { useLayoutEffect, useRef, useState } from 'react';
import { getLogins, isSessionEnded, linkGoogleAccount, startLink, unlinkLogin } from '../api/client';
import type { AuthConfig, AuthProvider, Login } from '../api/client';
import { describeLinkFailure } from './linkResult';
import type { LinkFailure, LinkResult } from './linkResult';
import type { Problem } from '../api/problem';
import { useAccountResource } from './useAccountResource';
import { Alert } from '../shared/Alert';
import { ConfirmDialog } from '../shared/ConfirmDialog';
import { goTo } from '../shared/navigation';
import { accountPath } from '../app/routes';
import { GoogleSignInButton } from '../signIn/GoogleSignInButton';
import { TestAccountSignIn } from '../signIn/TestAccountSignIn';
import { PendingLinkPrompt } from './PendingLinkPrompt';
import { ResourceState } from './ResourceState';
import { SectionStatus } from './SectionStatus';
import { Fact } from './Fact';
import { Time } from './Time';
import { useNow } from '../shared/useNow';
import { loginTitle, providerLabel } from './providerLabel';
import { ConfirmItsYou } from './reauthentication/ConfirmItsYou';
import { readReauthenticationResult } from './reauthentication/resume';
import type { GuardedAction } from './reauthentication/resume';
import { recentSignInRule } from './reauthentication/rule';
import { useRecentSignIn } from './reauthentication/useRecentSignIn';
import './logins.css';

interface LoginListProps {
  config: AuthConfig;
  /** How a redirect link came back to this page, read from the address. */
  linkResult: LinkResult;
  /** The session has ended: revoked, expired, or (with why) ended by unlinking the login it was opened with. */
  onSessionEnded: (why?: Problem) => void;
  /** A login was linked or unlinked: the activity has news. */
  onChanged: () => void;
  /** Confirming it's you opened a new session in place of this one: the sessions have news. */
  onReauthenticated: () => void;
}

const unlinkedOwnSignIn: Problem = {
  title: 'You’re signed out',
  detail: 'You unlinked the sign-in method this session was opened with. Sign in with one you kept.',
};

/** The news of a section, and whether it is a success to show as one. */
interface News {
  text: string;
  success?: boolean;
}

/**
 * The user's ways to sign in, each removable but the last, and the configured ones not linked yet. Changing
 * them needs a recent sign-in: the section says so before a change starts and confirms it's you in place.
 */
export function LoginList({ config, linkResult, onSessionEnded, onChanged, onReauthenticated }: LoginListProps) {
  const { resource, retry, setResource } = useAccountResource(getLogins, onSessionEnded);
  const recentSignIn = useRecentSignIn();
  const now = useNow();
  // A redirect provider's fresh sign-in came back here (read as the page opens; AccountPage clears the address).
  const [reauthResult] = useState(readReauthenticationResult);
  const [unlinking, setUnlinking] = useState<string | null>(null);
  const [linking, setLinking] = useState(false);
  const [news, setNews] = useState<News>({ text: '' });
  // The account a redirect link came back with, until the person adds it or not.
  const [pendingLinkId, setPendingLinkId] = useState(() =>
    linkResult?.kind === 'pending' ? linkResult.id : reauthResult?.action.kind === 'pending' ? reauthResult.action.pendingId : null,
  );
  // Each failure gets a new key, so its alert takes focus even when one was already shown.
  const [failure, setFailure] = useState<(LinkFailure & { key: number }) | null>(() =>
    linkResult?.kind === 'failed' && !linkResult.failure.needsRecentSignIn ? { ...linkResult.failure, key: 0 } : null,
  );
  // Confirming it's you, and what for: open when a change needed it, or after a redirect provider refused.
  const [reauthentication, setReauthentication] = useState<{ action: GuardedAction; problem: Problem | null } | null>(() =>
    reauthResult?.kind === 'failed'
      ? { action: reauthResult.action, problem: reauthResult.problem }
      : linkResult?.kind === 'failed' && linkResult.failure.needsRecentSignIn
        ? { action: { kind: 'none' }, problem: null }
        : null,
  );
  // Confirmed: the action to make ready to finish once the list is on the page.
  const [ready, setReady] = useState<GuardedAction | null>(null);
  // The address says a provider confirmed it's you: believed once the server says the sign-in is recent.
  const [claimedConfirmation, setClaimedConfirmation] = useState(reauthResult?.kind === 'confirmed' ? reauthResult.action : null);
  const [confirmingUnlink, setConfirmingUnlink] = useState<Login | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const unlinkButtons = useRef(new Map<string, HTMLButtonElement>());
  const linkOptions = useRef<HTMLUListElement>(null);
  const pendingAddButton = useRef<HTMLButtonElement>(null);
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

  // Anyone can write ?reauthenticated= into a link: the success and the action wait for the server's word.
  useLayoutEffect(() => {
    if (claimedConfirmation === null || recentSignIn.confirmedRecent === null) {
      return;
    }
    // eslint-disable-next-line react-hooks/set-state-in-effect -- handled once, as the server's answer comes
    setClaimedConfirmation(null);
    if (recentSignIn.confirmedRecent) {
      setNews({ text: 'Confirmed it’s you', success: true });
      setReady(claimedConfirmation);
    } else {
      setReauthentication({ action: claimedConfirmation, problem: null });
    }
  }, [claimedConfirmation, recentSignIn.confirmedRecent]);

  // After confirming it's you, the action is ready to finish: its control takes focus (an unlink asks again).
  useLayoutEffect(() => {
    if (ready === null || resource.kind !== 'ready') {
      return;
    }
    // eslint-disable-next-line react-hooks/set-state-in-effect -- handled once, as the list is there to act on
    setReady(null);
    if (ready.kind === 'unlink') {
      const login = resource.data.find((candidate) => candidate.id === ready.loginId);
      if (login) {
        unlinkButtons.current.get(login.id)?.focus();
        setConfirmingUnlink(login);
        return;
      }
    } else if (ready.kind === 'link') {
      const option = linkOptions.current?.querySelector(`[data-provider="${CSS.escape(ready.provider)}"]`);
      const control = option?.querySelector<HTMLElement>('.link-label, button');
      if (control) {
        control.focus();
        return;
      }
    } else if (ready.kind === 'pending' && pendingAddButton.current) {
      pendingAddButton.current.focus();
      return;
    }
    statusRef.current?.focus();
  }, [ready, resource]);

  const fail = (linkFailure: LinkFailure) => {
    setNews({ text: '' });
    setFailure((previous) => ({ ...linkFailure, key: (previous?.key ?? 0) + 1 }));
  };

  /** Runs a change now if the sign-in is recent; else says why not and offers to confirm it's you first. */
  const guarded = (action: GuardedAction, run: () => void) => {
    if (recentSignIn.recent) {
      run();
    } else {
      confirmItsYou(action);
    }
  };

  const confirmItsYou = (action: GuardedAction) => {
    setFailure(null);
    setNews({ text: '' });
    setReauthentication({ action, problem: null });
  };

  /** The server refused a change as too long after the sign-in (the window ran out meanwhile): confirm, then finish. */
  const refusedAsNotRecent = (action: GuardedAction) => {
    recentSignIn.lapsed();
    confirmItsYou(action);
  };

  const unlink = async (login: Login) => {
    setUnlinking(login.id);
    setFailure(null);
    setNews({ text: `Unlinking ${loginTitle(login)}…` });
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
      setNews({ text: `Unlinked: ${loginTitle(login)}`, success: true });
      onChanged();
    } catch (error) {
      if (isSessionEnded(error)) {
        onSessionEnded();
        return;
      }
      // 403: the sign-in is no longer recent; 409: the server's reason ("This is your only way to sign in").
      const linkFailure = describeLinkFailure(error);
      if (linkFailure.needsRecentSignIn) {
        refusedAsNotRecent({ kind: 'unlink', loginId: login.id });
      } else {
        fail(linkFailure);
      }
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
    setNews({ text: `Linked: ${loginTitle(login)}`, success: true });
    onChanged();
  };

  /** Links a Google-shaped ID token; resolves to whether the server accepted it. */
  const link = async (idToken: string, nonce: string, focusStatus: boolean): Promise<boolean> => {
    setLinking(true);
    setFailure(null);
    setNews({ text: 'Linking…' });
    try {
      added(await linkGoogleAccount(idToken, nonce));
      if (focusStatus) {
        // The control that linked is gone (the provider is linked now): focus goes to the news.
        statusRef.current?.focus();
      }
      return true;
    } catch (error) {
      // A 401 here is the token or its nonce refused, not the session: the server says which.
      const linkFailure = describeLinkFailure(error);
      if (linkFailure.needsRecentSignIn) {
        refusedAsNotRecent({ kind: 'link', provider: 'google' });
      } else {
        fail(linkFailure);
      }
      return false;
    } finally {
      setLinking(false);
    }
  };

  /** A redirect provider's link: the server starts it, then the browser leaves for the provider. */
  const startRedirectLink = async (provider: AuthProvider) => {
    setLinking(true);
    setFailure(null);
    setNews({ text: `Going to ${provider.displayName}…` });
    try {
      // Still busy while the browser leaves.
      goTo(await startLink(provider.name, accountPath));
    } catch (error) {
      setLinking(false);
      if (isSessionEnded(error)) {
        onSessionEnded();
        return;
      }
      const linkFailure = describeLinkFailure(error);
      if (linkFailure.needsRecentSignIn) {
        refusedAsNotRecent({ kind: 'link', provider: provider.name });
      } else {
        fail(linkFailure);
      }
    }
  };

  const linked = new Set(logins.map((login) => login.provider));
  const unlinkedProviders = config.providers.filter((provider) => !linked.has(provider.name));
  const onlyOne = logins.length === 1;
  const canLink = unlinkedProviders.length > 0 || config.developmentSignIn;
  const rule = recentSignInRule(config.reauthenticationWindowMinutes);
  /** Before a change can start, a plain button that says what it would do and leads to confirming it's you. */
  const confirmFirst = (label: string, provider: string) => (
    <button type="button" className="button" aria-describedby="recent-sign-in-rule" onClick={() => confirmItsYou({ kind: 'link', provider })}>
      {label}
    </button>
  );

  return (
    <section className="account-section logins" aria-labelledby="logins-heading">
      <h2 id="logins-heading">Sign-in methods</h2>
      <SectionStatus news={news.text} tone={news.success ? 'success' : undefined} resource={resource} loadingLabel="Loading sign-in methods…" statusRef={statusRef} />
      {failure ? <Alert key={failure.key} {...failure.problem} takesFocus={failure.key > 0} /> : null}
      {reauthentication && resource.kind === 'ready' ? (
        <ConfirmItsYou
          config={config}
          logins={logins}
          action={reauthentication.action}
          problem={reauthentication.problem}
          onConfirmed={(until) => {
            recentSignIn.renewed(until);
            setReauthentication(null);
            setNews({ text: 'Confirmed it’s you', success: true });
            setReady(reauthentication.action);
            // A fresh sign-in is news for the activity, and a new session for the sessions.
            onChanged();
            onReauthenticated();
          }}
          onCancel={() => {
            setReauthentication(null);
            setNews({ text: 'Nothing was changed' });
            statusRef.current?.focus();
          }}
          onSessionEnded={onSessionEnded}
        />
      ) : !recentSignIn.recent && resource.kind === 'ready' ? (
        // Said before any change starts, not after a refusal.
        <div className="reauth-notice">
          <p id="recent-sign-in-rule">{rule}</p>
          <button type="button" className="button button-secondary" onClick={() => confirmItsYou({ kind: 'none' })}>
            Confirm it’s you
          </button>
        </div>
      ) : null}
      {pendingLinkId !== null ? (
        <PendingLinkPrompt
          id={pendingLinkId}
          addButtonRef={pendingAddButton}
          resumed={reauthResult?.kind === 'confirmed' && reauthResult.action.kind === 'pending'}
          onAdd={(add) => guarded({ kind: 'pending', pendingId: pendingLinkId }, add)}
          onLinked={(login) => {
            setPendingLinkId(null);
            added(login);
            // The prompt is gone: focus goes to the news.
            statusRef.current?.focus();
          }}
          onDeclined={() => {
            setPendingLinkId(null);
            setNews({ text: 'Nothing was linked' });
            statusRef.current?.focus();
          }}
          onNeedsRecentSignIn={() => refusedAsNotRecent({ kind: 'pending', pendingId: pendingLinkId })}
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
          <ul className="item-list login-list">
            {logins.map((login) => (
              <li key={login.id} className="item">
                <div className="item-main">
                  <p className="item-title login-title">
                    <span className="login-provider">{providerLabel(login.displayName)}</span>
                    {login.email ? (
                      <>
                        <span className="login-separator"> · </span>
                        <span className="login-account">{login.email}</span>
                      </>
                    ) : null}
                  </p>
                  <dl className="facts">
                    {/* Short, to stay on one line on a phone; the exact moments on hover and for screen readers. */}
                    <Fact term="Last used"><Time value={login.lastUsedAt} relativeTo={now} /></Fact>
                    <Fact term="Linked"><Time value={login.linkedAt} relativeTo={now} /></Fact>
                  </dl>
                  {onlyOne ? (
                    <p id="last-login-note" className="hint login-unavailable-note">
                      Your only way to sign in, so it can’t be unlinked. Link another one first.
                    </p>
                  ) : null}
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
                    aria-describedby={onlyOne ? 'last-login-note' : !recentSignIn.recent ? 'recent-sign-in-rule' : undefined}
                    onClick={
                      onlyOne || unlinking !== null
                        ? undefined
                        : () => guarded({ kind: 'unlink', loginId: login.id }, () => setConfirmingUnlink(login))
                    }
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
          <ConfirmDialog
            open={confirmingUnlink !== null}
            title={confirmingUnlink ? `Unlink ${loginTitle(confirmingUnlink)}?` : ''}
            description={<p>You won’t be able to sign in with it any more.</p>}
            confirmLabel="Unlink"
            onConfirm={() => {
              const login = confirmingUnlink;
              setConfirmingUnlink(null);
              if (login) {
                void unlink(login);
              }
            }}
            onCancel={() => setConfirmingUnlink(null)}
          />

          <h3 className="subheading">Add a way to sign in</h3>
          {canLink ? (
            <ul ref={linkOptions} className="link-options" aria-busy={linking}>
              {unlinkedProviders.map((provider) => (
                <li key={provider.name} data-provider={provider.name}>
                  {provider.signIn === 'google-button' && config.googleClientId ? (
                    recentSignIn.recent ? (
                      <>
                        {/* Focus comes here once confirmed: the next Tab enters Google's button. */}
                        <p className="link-label" tabIndex={-1}>
                          Link {providerLabel(provider.displayName)}
                        </p>
                        <GoogleSignInButton
                          clientId={config.googleClientId}
                          text="continue_with"
                          liveWait={false}
                          onCredential={(idToken, nonce) => link(idToken, nonce, true)}
                          onError={(message) => fail({ problem: { title: 'Google sign-in failed', detail: message }, needsRecentSignIn: false })}
                        />
                      </>
                    ) : (
                      // Google's button starts at Google as it is pressed: until the sign-in is recent, a button of ours.
                      confirmFirst(`Link ${providerLabel(provider.displayName)}`, provider.name)
                    )
                  ) : (
                    // A button that POSTs (never a navigation another site could send), then leaves for the
                    // provider, which comes back to this page.
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      aria-disabled={linking}
                      aria-describedby={recentSignIn.recent ? undefined : 'recent-sign-in-rule'}
                      onClick={linking ? undefined : () => guarded({ kind: 'link', provider: provider.name }, () => void startRedirectLink(provider))}
                    >
                      Link {provider.displayName}
                    </button>
                  )}
                </li>
              ))}
              {config.developmentSignIn ? (
                <li data-provider="google">
                  {recentSignIn.recent ? (
                    <TestAccountSignIn purpose="link" liveWait={false} onCredential={(idToken, nonce) => link(idToken, nonce, false)} />
                  ) : (
                    confirmFirst('Link a test account', 'google')
                  )}
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
