const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A moment the server recorded, in the reader's locale and time zone, machine-readable too. */
export function Time({ value }: { value: string }) {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? <>unknown</> : <time dateTime={value}>{format.format(date)}</time>;
}
