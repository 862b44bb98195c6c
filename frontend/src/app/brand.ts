import { createContext, useContext } from 'react';
import type { Brand } from '../api/client';

// What the app calls itself comes from the server's Brand:* settings (GET /api/auth/config), so an
// operator rebrands without rebuilding. Until they arrive (or if they cannot), the title index.html
// was served with stands in for the name: the SPA writes no name of its own.
const servedTitle = typeof document === 'undefined' ? '' : document.title;

/** The brand before the server's settings have arrived. */
export const servedBrand: Brand = { name: servedTitle, logoUrl: null, termsUrl: null, privacyUrl: null };

export const BrandContext = createContext<Brand>(servedBrand);

/** The app's name, logo and terms and privacy links. */
export function useBrand(): Brand {
  return useContext(BrandContext);
}
