interface SignOutButtonProps {
  busy: boolean;
  onSignOut: () => void;
  className?: string;
}

export function SignOutButton({ busy, onSignOut, className = 'button' }: SignOutButtonProps) {
  return (
    // Not disabled while signing out: a disabled button would drop the keyboard user's focus to the page.
    <button type="button" className={className} onClick={busy ? undefined : onSignOut} aria-disabled={busy} aria-busy={busy}>
      {busy ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
