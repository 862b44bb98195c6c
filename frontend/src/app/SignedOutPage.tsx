import { Link } from 'react-router';
import { usePageTitle } from '../shared/usePageTitle';
import { useBrand } from './brand';
import { signInPath } from './returnPath';

/** Where signing out lands: an address of its own, so the page left behind is not shown as if still open. */
export const signedOutPath = '/signed-out';

/** Says the sign-out happened, and offers the way back in. */
export function SignedOutPage() {
  usePageTitle('Signed out');
  const { name } = useBrand();
  return (
    <section className="card" aria-labelledby="signed-out-heading">
      <h1 id="signed-out-heading" tabIndex={-1}>
        You’re signed out
      </h1>
      <p className="lead">{name ? `You’ve signed out of ${name} in this browser.` : 'You’ve signed out in this browser.'}</p>
      <Link className="button button-block" to={signInPath}>
        Sign in again
      </Link>
    </section>
  );
}
