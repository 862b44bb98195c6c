import { focusOnMount } from './focusOnMount';

interface SpinnerProps {
  label: string;
  /** Takes focus as it appears: for a wait that hides the control the user was on. */
  takesFocus?: boolean;
  /**
   * Announced as a status (role=status). False where the surrounding section has a live status of its own,
   * which is the only one there: the wait is then plain text, read where it stands.
   */
  live?: boolean;
}

export function Spinner({ label, takesFocus = false, live = true }: SpinnerProps) {
  return (
    <p
      className="spinner"
      role={live ? 'status' : undefined}
      aria-live={live ? 'polite' : undefined}
      tabIndex={takesFocus ? -1 : undefined}
      ref={takesFocus ? focusOnMount : undefined}
    >
      <span className="spinner-dot" aria-hidden="true" />
      {label}
    </p>
  );
}
