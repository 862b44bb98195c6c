import { Fragment } from 'react';
import type { ReactNode } from 'react';

/**
 * A row's facts on one line, "10:30 AM · Chrome on Linux · 203.0.113.7", with no label for each: the
 * values say what they are (an address carries a hidden label). Empty parts are left out; the dots are
 * only for the eye.
 */
export function DetailLine({ className = 'detail-line', children }: { className?: string; children: ReactNode[] }) {
  const parts = children.filter((part) => part !== null && part !== undefined && part !== false && part !== '');
  return (
    <p className={className}>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 ? (
            <span className="separator" aria-hidden="true">
              {' · '}
            </span>
          ) : null}
          {part}
        </Fragment>
      ))}
    </p>
  );
}

/** An IP address, labelled for screen readers only. */
export function Address({ value }: { value: string }) {
  return (
    <span>
      <span className="visually-hidden">IP address </span>
      {value}
    </span>
  );
}
