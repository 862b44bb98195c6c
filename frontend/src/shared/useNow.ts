import { useEffect, useState } from 'react';

/** The current time, moving on each minute: for "Active now" and "2 hours ago" that stay true on an open page. */
export function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
