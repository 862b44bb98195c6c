import { useLayoutEffect, useRef } from 'react';
import type { RefObject } from 'react';
import type { Resource } from './useAccountResource';
import { Spinner } from '../shared/Spinner';

interface SectionStatusProps<T> {
  /** What the section's last action did or is doing ("Google linked", "Unlinking Google…"); empty for nothing. */
  news: string;
  /** The section's data: while it loads, the status says so, unless there is news. */
  resource: Resource<T>;
  /** What is loading: "Loading sessions…". */
  loadingLabel: string;
  /** News that is a success ("Google linked"), shown as one: with an icon and colour. */
  tone?: 'success';
  /** For the section to move focus to its news (after a removed row, say). */
  statusRef?: RefObject<HTMLParagraphElement | null>;
}

/**
 * A section's one live status, always on the page so that screen readers hear each change: its news, or
 * else its data's wait. Never two at once: news that comes while the data still loads (a link's result read
 * from the address as the page opens) takes the status, and the wait shows beside it as plain text.
 */
export function SectionStatus<T>({ news, tone, resource, loadingLabel, statusRef }: SectionStatusProps<T>) {
  const ownRef = useRef<HTMLParagraphElement>(null);
  const ref = statusRef ?? ownRef;
  const loading = resource.kind === 'loading';
  const waitInStatus = loading && news === '';
  // A wait that replaced the control the user was on ("Try again") takes focus, wherever it shows.
  const statusTakesFocus = waitInStatus && resource.takesFocus;

  const className = waitInStatus ? 'section-status spinner' : tone === 'success' && news !== '' ? 'section-status section-status-done' : 'section-status';

  useLayoutEffect(() => {
    if (statusTakesFocus) {
      ref.current?.focus();
    }
  }, [statusTakesFocus, ref]);

  return (
    <>
      <p ref={ref} className={className} role="status" tabIndex={-1}>
        {waitInStatus ? (
          <>
            <span className="spinner-dot" aria-hidden="true" />
            {loadingLabel}
          </>
        ) : (
          news
        )}
      </p>
      {loading && !waitInStatus ? <Spinner label={loadingLabel} takesFocus={resource.takesFocus} live={false} /> : null}
    </>
  );
}
