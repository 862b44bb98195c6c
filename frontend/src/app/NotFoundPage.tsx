import { Link } from 'react-router';
import { usePageTitle } from '../shared/usePageTitle';

/** Any address the route table does not know (the server serves the SPA at every path outside /api). */
export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <section className="card" aria-labelledby="not-found-heading">
      <h1 id="not-found-heading" tabIndex={-1}>
        Page not found
      </h1>
      <p className="lead">There is no page at this address. The link may be mistyped, or the page may have moved.</p>
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </section>
  );
}
