import { focusOnMount } from './focusOnMount';

interface SpinnerProps {
  label: string;
  /** Takes focus as it appears: for a wait that hides the control the user was on. */
  takesFocus?: boolean;
}

export function Spinner({ label, takesFocus = false }: SpinnerProps) {
  return (
    <p className="spinner" role="status" aria-live="polite" tabIndex={takesFocus ? -1 : undefined} ref={takesFocus ? focusOnMount : undefined}>
      <span className="spinner-dot" aria-hidden="true" />
      {label}
    </p>
  );
}
