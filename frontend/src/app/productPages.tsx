import { AccountPage } from '../account/AccountPage';
import { ProfilePage } from '../profile/ProfilePage';
import { useSignedIn } from './session';

/** The profile, as the route table shows it. */
export function Profile() {
  const { user, busy, signOut } = useSignedIn();
  return <ProfilePage user={user} busy={busy} onSignOut={signOut} />;
}

/** The account page, as the route table shows it. */
export function Account() {
  const { config, user, busy, signOut, signInAgain, sessionEnded } = useSignedIn();
  return (
    <AccountPage
      config={config}
      user={user}
      signingOut={busy}
      // The app shows a failed sign-out above every page, once: not here again.
      error={null}
      onSignOut={signOut}
      onSessionEnded={sessionEnded}
      onReauthenticate={signInAgain}
    />
  );
}
