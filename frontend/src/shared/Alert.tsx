import type { ReactNode } from 'react';
import type { Problem } from '../api/problem';
import { focusOnMount } from './focusOnMount';

type AlertProps = Pick<Problem, 'title' | 'detail'> & {
  children?: ReactNode;
  /** Takes focus as it appears: for an alert that replaces the control the user was on. */
  takesFocus?: boolean;
};

/** An error the user should read: announced to screen readers as soon as it appears. */
export function Alert({ title, detail, children, takesFocus = false }: AlertProps) {
  return (
    <div className="alert" role="alert" tabIndex={takesFocus ? -1 : undefined} ref={takesFocus ? focusOnMount : undefined}>
      <p className="alert-title">{title}</p>
      {detail ? <p className="alert-detail">{detail}</p> : null}
      {children}
    </div>
  );
}
