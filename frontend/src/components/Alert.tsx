import type { ReactNode } from 'react';
import type { Problem } from '../api/problem';

type AlertProps = Problem & { children?: ReactNode };

/** An error the user should read: announced to screen readers as soon as it appears. */
export function Alert({ title, detail, children }: AlertProps) {
  return (
    <div className="alert" role="alert">
      <p className="alert-title">{title}</p>
      {detail ? <p className="alert-detail">{detail}</p> : null}
      {children}
    </div>
  );
}
