import { clockTime, exactTime, relativeTime } from '../shared/relativeTime';

const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

type TimeProps =
  | { value: string }
  /** "2 hours ago", measured from now. */
  | { value: string; relativeTo: Date }
  /** The time of day alone ("10:30 AM"), in a list grouped by day. */
  | { value: string; clock: true };

/**
 * A moment the server recorded, in the reader's locale and time zone, machine-readable too. Shortened
 * forms carry the exact moment with its time zone on hover and for screen readers.
 */
export function Time(props: TimeProps) {
  const date = new Date(props.value);
  if (Number.isNaN(date.getTime())) {
    return <>unknown</>;
  }
  if (!('relativeTo' in props) && !('clock' in props)) {
    return <time dateTime={props.value}>{format.format(date)}</time>;
  }
  const exact = exactTime(date);
  return (
    <time dateTime={props.value} title={exact}>
      {'relativeTo' in props ? relativeTime(date, props.relativeTo) : clockTime(date)}
      <span className="visually-hidden"> ({exact})</span>
    </time>
  );
}
