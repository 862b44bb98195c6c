import { Avatar } from '../shared/Avatar';
import { SignOutButton } from '../shared/SignOutButton';
import type { User } from '../api/client';
import { usePageTitle } from '../shared/usePageTitle';
import { fullName } from '../shared/userName';

interface ProfilePageProps {
  user: User;
  busy: boolean;
  onSignOut: () => void;
}

export function ProfilePage({ user, busy, onSignOut }: ProfilePageProps) {
  const name = fullName(user);
  usePageTitle(name);
  return (
    <section className="card" aria-labelledby="profile-heading">
      <Avatar pictureUrl={user.pictureUrl} name={name} />
      <h1 id="profile-heading" tabIndex={-1}>
        {name}
      </h1>
      {user.email ? <p className="email">{user.email}</p> : null}

      <SignOutButton busy={busy} onSignOut={onSignOut} />
    </section>
  );
}
