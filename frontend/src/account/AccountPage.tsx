import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { AuthConfig, User } from '../api/client';
import { readLinkResult, removeLinkResult } from './linkResult';
import type { Problem } from '../api/problem';
import { Alert } from '../shared/Alert';
import { Avatar } from '../shared/Avatar';
import { ActivityList } from './ActivityList';
import { LoginList } from './LoginList';
import { SessionList } from './SessionList';
import { usePageTitle } from '../shared/usePageTitle';
import { fullName } from '../shared/userName';

interface AccountPageProps {
  config: AuthConfig;
  user: User;
  /** Signing out of this browser is under way. */
  signingOut: boolean;
  /** Why the last sign-out failed, or how a redirect sign-in or link came back to the profile. */
  error: Problem | null;
  onSignOut: () => void;
  /** A call answered 401 (the session was revoked elsewhere or expired), or an unlink ended it (why says so). */
  onSessionEnded: (why?: Problem) => void;
}

/** The account page (/account): who you are, how you sign in, where you're signed in, what happened lately. */
export function AccountPage({ config, user, signingOut, error, onSignOut, onSessionEnded }: AccountPageProps) {
  usePageTitle('Account');
  // Read from the address as the page opens; the same on React's second call in development.
  const [linkResult] = useState(readLinkResult);
  const navigate = useNavigate();
  useEffect(() => removeLinkResult((to) => void navigate(to, { replace: true })), [navigate]);
  const name = fullName(user);
  // Each change made here is news for the activity, which then loads afresh (from its newest page).
  const [activityVersion, setActivityVersion] = useState(0);
  const activityChanged = useCallback(() => setActivityVersion((version) => version + 1), []);

  return (
    <div className="account-page">
      <h1 id="account-heading" tabIndex={-1}>
        Account
      </h1>
      {error ? <Alert {...error} /> : null}

      <section className="account-section profile-summary" aria-labelledby="profile-summary-heading">
        <h2 id="profile-summary-heading">Profile</h2>
        <div className="profile-summary-body">
          <Avatar pictureUrl={user.pictureUrl} name={name} />
          <div>
            <p className="item-title">{name}</p>
            {user.email ? <p className="email">{user.email}</p> : null}
          </div>
        </div>
      </section>

      <LoginList config={config} linkResult={linkResult} onSessionEnded={onSessionEnded} onChanged={activityChanged} />
      <SessionList onSessionEnded={onSessionEnded} signingOut={signingOut} onSignOut={onSignOut} onChanged={activityChanged} />
      <ActivityList key={activityVersion} onSessionEnded={onSessionEnded} />
    </div>
  );
}
