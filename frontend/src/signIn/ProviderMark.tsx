/** A way to sign in's mark on its button: the initial of the provider's name ("the development provider": D). */
export function ProviderMark({ name }: { name: string }) {
  return (
    // The button's text names the provider: the mark is decoration.
    <span className="provider-mark" aria-hidden="true">
      {name.replace(/^the\s+/i, '').charAt(0).toUpperCase()}
    </span>
  );
}

/** The test accounts' mark: a person. */
export function TestAccountMark() {
  return (
    <span className="provider-mark" aria-hidden="true">
      <svg viewBox="0 0 24 24" width="16" height="16" focusable="false">
        <circle cx="12" cy="8" r="4" fill="currentColor" />
        <path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7z" fill="currentColor" />
      </svg>
    </span>
  );
}
