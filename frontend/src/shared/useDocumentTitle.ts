import { useEffect } from 'react';

/**
 * Names the browser tab, and the page a screen reader announces, after what the component shows;
 * null leaves the title alone. The title before it comes back when the component goes or says null,
 * so a part of a page (an open dialog) can name the page for a while.
 */
export function useDocumentTitle(title: string | null) {
  useEffect(() => {
    if (title === null) {
      return;
    }
    const previous = document.title;
    document.title = title;
    return () => {
      document.title = previous;
    };
  }, [title]);
}
