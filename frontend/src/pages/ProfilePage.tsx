import { useState } from 'react';
import { Alert } from '../components/Alert';
import type { User } from '../api/client';
import type { Problem } from '../api/problem';
import { useDocumentTitle } from '../hooks/useDocumentTitle';

interface ProfilePageProps {
  user: User;
  busy: boolean;
  error: Problem | null;
  onSignOut: () => void;
}

function fullName(user: User): string {
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
  return name || user.email || 'Signed-in user';
}

export function ProfilePage({ user, busy, error, onSignOut }: ProfilePageProps) {
  const name = fullName(user);
  useDocumentTitle(`${name} · GoogleLogin`);
  // A picture that fails to load (offline, blocked, expired URL) falls back to the initial.
  const [pictureFailed, setPictureFailed] = useState(false);
  return (
    <section className="card" aria-labelledby="profile-heading">
      {user.pictureUrl && !pictureFailed ? (
        // Google's avatar host refuses some requests that carry a Referer.
        <img
          className="avatar"
          src={user.pictureUrl} alt={`Profile picture of ${name}`}
          referrerPolicy="no-referrer"
          width={96}
          height={96}
          onError={() => setPictureFailed(true)}
        />
      ) : (
        <div className="avatar avatar-initial" aria-hidden="true">
          {name.charAt(0).toUpperCase()}
        </div>
      )}
      <h1 id="profile-heading" tabIndex={-1}>
        {name}
      </h1>
      {user.email ? <p className="email">{user.email}</p> : null}

      {error ? <Alert {...error} /> : null}

      {/* Not disabled while signing out: a disabled button would drop the keyboard user's focus to the page. */}
      <button type="button" className="button" onClick={busy ? undefined : onSignOut} aria-disabled={busy} aria-busy={busy}>
        {busy ? 'Signing out…' : 'Sign out'}
      </button>
    </section>
  );
}
