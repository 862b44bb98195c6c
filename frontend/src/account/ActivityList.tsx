import { useCallback, useRef, useState } from 'react';
import { activityPageSize, describeError, getActivity, isSessionEnded } from '../api/client';
import type { SecurityEvent } from '../api/client';
import type { Problem } from '../api/problem';
import { useAccountResource } from './useAccountResource';
import { describeSecurityEvent } from './securityEvent';
import { describeUserAgent } from './userAgent';
import { Alert } from '../shared/Alert';
import { ResourceState } from './ResourceState';
import { SectionStatus } from './SectionStatus';
import { Fact } from './Fact';
import { Time } from './Time';

interface ActivityListProps {
  onSessionEnded: () => void;
}

interface Pages {
  events: SecurityEvent[];
  /** A page shorter than a full one was the last: nothing older to show. */
  complete: boolean;
}

const firstPage = async (): Promise<Pages> => {
  const events = await getActivity();
  return { events, complete: events.length < activityPageSize };
};

/** The account's security events, newest first, a page at a time. */
export function ActivityList({ onSessionEnded }: ActivityListProps) {
  const { resource, retry, setResource } = useAccountResource(firstPage, onSessionEnded);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<Problem | null>(null);
  const [status, setStatus] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The first event of the page just shown takes focus: "Show more" may have gone with the last page.
  const firstNew = useRef<number | null>(null);
  const focusFirstNew = useCallback((element: HTMLLIElement | null, id: number) => {
    if (element && firstNew.current === id) {
      firstNew.current = null;
      element.focus();
    }
  }, []);

  const showMore = async (pages: Pages) => {
    setLoadingMore(true);
    setMoreError(null);
    setStatus('Loading more activity…');
    try {
      const events = await getActivity(pages.events.at(-1)?.id);
      const complete = events.length < activityPageSize;
      firstNew.current = events[0]?.id ?? null;
      setResource({ kind: 'ready', data: { events: [...pages.events, ...events], complete } });
      setStatus(events.length > 0 ? `${events.length} more events shown` : 'No older activity');
      if (events.length === 0) {
        headingRef.current?.focus();
      }
    } catch (error) {
      if (isSessionEnded(error)) {
        onSessionEnded();
        return;
      }
      setStatus('');
      setMoreError(describeError(error));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <section className="account-section" aria-labelledby="activity-heading">
      <h2 id="activity-heading" ref={headingRef} tabIndex={-1}>
        Recent activity
      </h2>
      <SectionStatus news={status} resource={resource} loadingLabel="Loading activity…" />
      <ResourceState resource={resource} failureTitle="Your activity could not be loaded" onRetry={retry} />
      {resource.kind === 'ready' ? (
        <>
          {resource.data.events.length === 0 ? <p className="hint">No activity yet.</p> : null}
          <ol className="item-list" hidden={resource.data.events.length === 0}>
            {resource.data.events.map((event) => (
              <li key={event.id} className="item" tabIndex={-1} ref={(element) => focusFirstNew(element, event.id)}>
                <div className="item-main">
                  <p className="item-title">{describeSecurityEvent(event)}</p>
                  <dl className="facts">
                    <Fact term="When"><Time value={event.occurredAt} /></Fact>
                    <Fact term="Browser">{describeUserAgent(event.userAgent)}</Fact>
                    <Fact term="IP address">{event.ipAddress ?? 'Unknown'}</Fact>
                  </dl>
                </div>
              </li>
            ))}
          </ol>
          {moreError ? <Alert {...moreError} /> : null}
          {resource.data.complete ? null : (
            <button
              type="button"
              className="button button-secondary"
              aria-disabled={loadingMore}
              aria-busy={loadingMore}
              onClick={loadingMore ? undefined : () => void showMore(resource.data)}
            >
              {loadingMore ? 'Loading…' : 'Show more'}
            </button>
          )}
        </>
      ) : null}
    </section>
  );
}
