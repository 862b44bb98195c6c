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
  const { config, user, busy, signOut, sessionEnded } = useSignedIn();
  return (
    <AccountPage
      config={config}
      user={user}
      signingOut={busy}
      onSignOut={signOut}
      onSessionEnded={sessionEnded}
    />
  );
}
