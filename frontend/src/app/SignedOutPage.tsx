import { Link, useSearchParams } from 'react-router';
import { usePageTitle } from '../shared/usePageTitle';
import { useBrand } from './brand';
import { safeReturnPath, signInAddress } from './returnPath';

/** Says the sign-out happened, and offers the way back in, to the page signed out from. */
export function SignedOutPage() {
  usePageTitle('Signed out');
  const { name } = useBrand();
  const [query] = useSearchParams();
  return (
    <section className="card" aria-labelledby="signed-out-heading">
      <h1 id="signed-out-heading" tabIndex={-1}>
        You’re signed out
      </h1>
      <p className="lead">{name ? `You’ve signed out of ${name} in this browser.` : 'You’ve signed out in this browser.'}</p>
      <Link className="button button-block" to={signInAddress(safeReturnPath(query.get('returnTo')))}>
        Sign in again
      </Link>
    </section>
  );
}
