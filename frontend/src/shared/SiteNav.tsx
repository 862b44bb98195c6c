import { NavLink } from 'react-router';
import type { PageRoute } from '../app/routes';

interface SiteNavProps {
  /** The route table's pages; those with a `nav` label get a link. */
  routes: PageRoute[];
}

/** The signed-in user's pages, in the site header: ordinary links that the app follows without a reload. */
export function SiteNav({ routes }: SiteNavProps) {
  return (
    <nav aria-label="Site">
      <ul className="site-nav">
        {routes
          .filter((route) => route.nav)
          .map((route) => (
            <li key={route.path}>
              {/* `end`: the profile at '/' is not current on every other page. NavLink sets aria-current="page". */}
              <NavLink to={route.path} end>
                {route.nav}
              </NavLink>
            </li>
          ))}
      </ul>
    </nav>
  );
}
