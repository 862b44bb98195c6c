const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const exact = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
});
const mediumDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const dayThisYear = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
const dayOtherYear = new Intl.DateTimeFormat(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });

/** The whole moment with its time zone, for a tooltip and screen readers: "Tuesday, March 4, 2025 at 10:30 AM UTC". */
export function exactTime(date: Date): string {
  return exact.format(date);
}

/** The time of day alone, for a list already grouped by day: "10:30 AM". */
export function clockTime(date: Date): string {
  return clock.format(date);
}

/**
 * How long ago, as people say it: "just now", "12 minutes ago", "2 hours ago", "yesterday", "3 days ago";
 * past a week, the date ("Mar 4, 2025"). A moment slightly ahead (clocks differ) counts as just now.
 */
export function relativeTime(date: Date, now: Date): string {
  const ago = now.getTime() - date.getTime();
  if (ago < minute) {
    return 'just now';
  }
  if (ago < hour) {
    return relative.format(-Math.floor(ago / minute), 'minute');
  }
  if (ago < day) {
    return relative.format(-Math.floor(ago / hour), 'hour');
  }
  const days = daysBetween(date, now);
  return days < 7 ? relative.format(-days, 'day') : mediumDate.format(date);
}

/** Calendar days from one moment to another, in the reader's time zone (yesterday 23:59 is 1 day before today 00:01). */
function daysBetween(from: Date, to: Date): number {
  const start = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  return Math.round((start(to) - start(from)) / day);
}

/** A day's heading in a list grouped by day: "Today", "Yesterday", "Monday, March 3" (with the year if not this one). */
export function dayLabel(date: Date, now: Date): string {
  const days = daysBetween(date, now);
  if (days === 0) {
    return 'Today';
  }
  if (days === 1) {
    return 'Yesterday';
  }
  return (date.getFullYear() === now.getFullYear() ? dayThisYear : dayOtherYear).format(date);
}

/** The reader's calendar day of a moment, to group by: "2025-3-4". */
export function dayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}
