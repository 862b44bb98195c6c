import { useCallback, useId, useRef, useState } from 'react';
import type { MouseEvent } from 'react';
import { activityPageSize, describeError, getActivity, isSessionEnded } from '../api/client';
import type { SecurityEvent } from '../api/client';
import type { Problem } from '../api/problem';
import { useAccountResource } from './useAccountResource';
import { describeSecurityEvent, isNotable } from './securityEvent';
import { describeUserAgent } from './userAgent';
import { Alert } from '../shared/Alert';
import { dayKey, dayLabel } from '../shared/relativeTime';
import { useNow } from '../shared/useNow';
import { shownAddress } from './address';
import { Address, DetailLine } from './DetailLine';
import { ResourceState } from './ResourceState';
import { SectionStatus } from './SectionStatus';
import { Time } from './Time';

interface ActivityListProps {
  onSessionEnded: () => void;
  /** "Not you?": sign out everywhere else (the sessions ask to confirm), then review the sign-in methods. */
  onSignOutOthers: () => void;
  /** "Not you?": go to the sign-in methods. */
  onReviewSignInMethods: () => void;
}

interface Pages {
  events: SecurityEvent[];
  /** A page shorter than a full one was the last: nothing older to show. */
  complete: boolean;
}

interface Day {
  key: string;
  label: string;
  events: SecurityEvent[];
}

const firstPage = async (): Promise<Pages> => {
  const events = await getActivity();
  return { events, complete: events.length < activityPageSize };
};

/** Events newest first, in runs of one calendar day each (the reader's), headed "Today", "Yesterday", a date. */
function byDay(events: SecurityEvent[], now: Date): Day[] {
  const days: Day[] = [];
  for (const event of events) {
    const date = new Date(event.occurredAt);
    const key = dayKey(date);
    const last = days.at(-1);
    if (last?.key === key) {
      last.events.push(event);
    } else {
      days.push({ key, label: dayLabel(date, now), events: [event] });
    }
  }
  return days;
}

/** The account's security events, newest first and by day, a page at a time; notable ones stand out. */
export function ActivityList({ onSessionEnded, onSignOutOthers, onReviewSignInMethods }: ActivityListProps) {
  const { resource, retry, setResource } = useAccountResource(firstPage, onSessionEnded);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<Problem | null>(null);
  const [status, setStatus] = useState('');
  // The event whose "Not you?" is open, one at a time.
  const [notYou, setNotYou] = useState<number | null>(null);
  const now = useNow();
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
          {byDay(resource.data.events, now).map((day) => (
            <div key={day.key} className="activity-day">
              <h3 className="activity-day-heading">{day.label}</h3>
              <ol className="activity-list">
                {day.events.map((event) => (
                  <ActivityEvent
                    key={event.id}
                    event={event}
                    itemRef={(element) => focusFirstNew(element, event.id)}
                    notYouOpen={notYou === event.id}
                    onToggleNotYou={() => setNotYou((open) => (open === event.id ? null : event.id))}
                    onSignOutOthers={onSignOutOthers}
                    onReviewSignInMethods={onReviewSignInMethods}
                  />
                ))}
              </ol>
            </div>
          ))}
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

interface ActivityEventProps {
  event: SecurityEvent;
  itemRef: (element: HTMLLIElement | null) => void;
  notYouOpen: boolean;
  onToggleNotYou: () => void;
  onSignOutOthers: () => void;
  onReviewSignInMethods: () => void;
}

/** One event on a line or two: what (and with which account), then when, in which browser, from where. */
function ActivityEvent({ event, itemRef, notYouOpen, onToggleNotYou, onSignOutOthers, onReviewSignInMethods }: ActivityEventProps) {
  const notable = isNotable(event);
  const address = shownAddress(event.ipAddress);
  const panelId = useId();
  const review = (click: MouseEvent<HTMLAnchorElement>) => {
    // The section is on this page: focus its heading rather than change the address.
    click.preventDefault();
    onReviewSignInMethods();
  };
  return (
    <li className={notable ? 'activity-event notable' : 'activity-event'} tabIndex={-1} ref={itemRef}>
      {notable ? <NotableIcon /> : null}
      <div className="activity-main">
        <DetailLine className="activity-what">
          <span>
            {notable ? <span className="visually-hidden">Worth checking: </span> : null}
            {describeSecurityEvent(event)}
          </span>
          {/* The account of the provider the event names ("Signed in with Google"), to tell two apart. */}
          {event.accountEmail && event.provider ? <span className="activity-account">{event.accountEmail}</span> : null}
        </DetailLine>
        <DetailLine className="detail-line">
          <Time value={event.occurredAt} clock />
          {describeUserAgent(event.userAgent)}
          {address ? <Address value={address} /> : null}
          {notable ? (
            <button type="button" className="text-button" aria-expanded={notYouOpen} aria-controls={panelId} onClick={onToggleNotYou}>
              Not you?
            </button>
          ) : null}
        </DetailLine>
        {notable ? (
          <div id={panelId} className="not-you-panel" hidden={!notYouOpen}>
            <p>If this wasn’t you, sign out everywhere else, then review how you sign in.</p>
            <div className="not-you-actions">
              <button type="button" className="button button-secondary button-small" onClick={onSignOutOthers}>
                Sign out everywhere else
              </button>
              <a href="#logins-heading" onClick={review}>
                Review sign-in methods
              </a>
            </div>
          </div>
        ) : null}
      </div>
    </li>
  );
}

/** A warning sign beside a notable event, only for the eye: its text says so for screen readers. */
function NotableIcon() {
  return (
    <svg className="notable-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path d="M12 2.5 1.5 21h21L12 2.5z" fill="currentColor" />
      <path d="M12 9v5.5M12 17.2v.3" stroke="var(--surface)" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
