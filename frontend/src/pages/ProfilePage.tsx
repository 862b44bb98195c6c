import { Alert } from '../components/Alert';
import { Avatar } from '../components/Avatar';
import { SignOutButton } from '../components/SignOutButton';
import type { User } from '../api/client';
import type { Problem } from '../api/problem';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { fullName } from '../lib/userName';

interface ProfilePageProps {
  user: User;
  busy: boolean;
  error: Problem | null;
  onSignOut: () => void;
}

export function ProfilePage({ user, busy, error, onSignOut }: ProfilePageProps) {
  const name = fullName(user);
  useDocumentTitle(`${name} · GoogleLogin`);
  return (
    <section className="card" aria-labelledby="profile-heading">
      <Avatar pictureUrl={user.pictureUrl} name={name} />
      <h1 id="profile-heading" tabIndex={-1}>
        {name}
      </h1>
      {user.email ? <p className="email">{user.email}</p> : null}

      {error ? <Alert {...error} /> : null}

      <SignOutButton busy={busy} onSignOut={onSignOut} />
    </section>
  );
}
