import { useBrand } from '../app/brand';
import { useDocumentTitle } from './useDocumentTitle';

/** Names the browser tab after the page and the app ("Account · <brand name>"); null leaves the title alone. */
export function usePageTitle(page: string | null) {
  const { name } = useBrand();
  useDocumentTitle(page === null ? null : name ? `${page} · ${name}` : page);
}
