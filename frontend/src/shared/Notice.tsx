import type { Problem } from '../api/problem';
import { focusOnMount } from './focusOnMount';
import { Alert } from './Alert';

type NoticeProps = Pick<Problem, 'title' | 'detail'> & {
  /** Takes focus as it appears: for news that replaces the control the user was on. */
  takesFocus?: boolean;
};

/** News the person should read that is no fault (a sign-in they cancelled): announced politely, not as an alert. */
export function Notice({ title, detail, takesFocus = false }: NoticeProps) {
  return (
    <div className="notice" role="status" tabIndex={takesFocus ? -1 : undefined} ref={takesFocus ? focusOnMount : undefined}>
      <p className="notice-title">{title}</p>
      {detail ? <p className="notice-detail">{detail}</p> : null}
    </div>
  );
}

/** A problem as the page shows it: an alert, or a notice when it is news rather than a fault. */
export function ProblemMessage({ problem, takesFocus = false }: { problem: Problem; takesFocus?: boolean }) {
  return problem.neutral ? <Notice {...problem} takesFocus={takesFocus} /> : <Alert {...problem} takesFocus={takesFocus} />;
}
