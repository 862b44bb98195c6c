import type { MouseEvent } from 'react';

interface SiteNavProps {
  /** The address's path now, to mark the page the reader is on. */
  path: string;
  /** The account page's path: every other path shows the profile. */
  accountPath: string;
  onNavigate: (to: string) => void;
}

/** The signed-in user's pages, in the site header: ordinary links that the app follows without a reload. */
export function SiteNav({ path, accountPath, onNavigate }: SiteNavProps) {
  const follow = (event: MouseEvent<HTMLAnchorElement>, to: string) => {
    // A click that asks for a new tab or window is the browser's to follow.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    onNavigate(to);
  };

  const links = [
    { to: '/', label: 'Profile' },
    { to: accountPath, label: 'Account' },
  ];
  return (
    <nav aria-label="Site">
      <ul className="site-nav">
        {links.map((link) => (
          <li key={link.to}>
            <a
              href={link.to}
              aria-current={(path === accountPath) === (link.to === accountPath) ? 'page' : undefined}
              onClick={(event) => follow(event, link.to)}
            >
              {link.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
