import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { AuthConfig, User } from '../api/client';
import { readLinkResult, removeLinkResult } from './linkResult';
import type { Problem } from '../api/problem';
import { Avatar } from '../shared/Avatar';
import { ActivityList } from './ActivityList';
import { LoginList } from './LoginList';
import { SessionList } from './SessionList';
import type { SessionListHandle } from './SessionList';
import { usePageTitle } from '../shared/usePageTitle';
import { fullName } from '../shared/userName';
import './account.css';

interface AccountPageProps {
  config: AuthConfig;
  user: User;
  /** Signing out of this browser is under way. */
  signingOut: boolean;
  onSignOut: () => void;
  /** A call answered 401 (the session was revoked elsewhere or expired), or an unlink ended it (why says so). */
  onSessionEnded: (why?: Problem) => void;
}

/** The account page (/account): who you are, how you sign in, where you're signed in, what happened lately. */
export function AccountPage({ config, user, signingOut, onSignOut, onSessionEnded }: AccountPageProps) {
  usePageTitle('Account');
  // Read from the address as the page opens; the same on React's second call in development.
  const [linkResult] = useState(readLinkResult);
  const navigate = useNavigate();
  useEffect(() => removeLinkResult((to) => void navigate(to, { replace: true })), [navigate]);
  const name = fullName(user);
  // Each change made here is news for the activity, which then loads afresh (from its newest page).
  const [activityVersion, setActivityVersion] = useState(0);
  const activityChanged = useCallback(() => setActivityVersion((version) => version + 1), []);
  const [sessionsVersion, setSessionsVersion] = useState(0);
  const sessionsChanged = useCallback(() => setSessionsVersion((version) => version + 1), []);
  const sessions = useRef<SessionListHandle>(null);

  // "Not you?" in the activity leads here: the sign-in methods, to remove one that isn't yours.
  const reviewSignInMethods = useCallback(() => {
    const heading = document.getElementById('logins-heading');
    if (heading) {
      // A heading is not a control: focusable by script only, to bring the reader (and the view) to it.
      heading.tabIndex = -1;
      heading.focus();
    }
  }, []);
  const signOutOthers = useCallback(() => sessions.current?.askToSignOutOthers(reviewSignInMethods), [reviewSignInMethods]);

  return (
    <div className="account-page">
      <h1 id="account-heading" tabIndex={-1}>
        Account
      </h1>

      <section className="account-section profile-summary" aria-labelledby="profile-summary-heading">
        {/* The picture, name and email say what this is: the heading is for screen readers' list of them. */}
        <h2 id="profile-summary-heading" className="visually-hidden">
          Profile
        </h2>
        <div className="profile-summary-body">
          <Avatar pictureUrl={user.pictureUrl} name={name} />
          <div>
            <p className="item-title">{name}</p>
            {user.email ? <p className="email">{user.email}</p> : null}
          </div>
        </div>
      </section>

      <LoginList
        config={config}
        linkResult={linkResult}
        onSessionEnded={onSessionEnded}
        onChanged={activityChanged}
        onReauthenticated={sessionsChanged}
      />
      <SessionList
        // Confirming it's you replaced this browser's session with a new one: the list loads afresh.
        key={sessionsVersion}
        ref={sessions}
        onSessionEnded={onSessionEnded}
        signingOut={signingOut}
        onSignOut={onSignOut}
        onChanged={activityChanged}
      />
      <ActivityList
        key={activityVersion}
        onSessionEnded={onSessionEnded}
        onSignOutOthers={signOutOthers}
        onReviewSignInMethods={reviewSignInMethods}
      />
    </div>
  );
}
