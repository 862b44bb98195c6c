import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { Link } from 'react-router';
import type { User } from '../api/client';
import { fullName } from './userName';

interface UserMenuProps {
  user: User;
  /** Where the Account item goes. */
  accountPath: string;
  /** A sign-out is under way: the item says so and does nothing more. */
  signingOut: boolean;
  onSignOut: () => void;
}

/**
 * The signed-in user in the site header: a menu button (their picture and name) opening Account and Sign
 * out, after the WAI-ARIA menu button pattern. Enter, Space and ArrowDown open it on the first item,
 * ArrowUp on the last; the arrows, Home and End move between items; Escape closes it and returns to the
 * button; Tab, or a click anywhere else, closes it.
 */
export function UserMenu({ user, accountPath, signingOut, onSignOut }: UserMenuProps) {
  const name = fullName(user);
  const id = useId();
  const [open, setOpen] = useState(false);
  // Which item takes focus as the menu opens: the first, or the last (ArrowUp).
  const [opening, setOpening] = useState<'first' | 'last'>('first');
  const container = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!open) {
      return;
    }
    const all = menuItems(menu.current);
    (opening === 'first' ? all[0] : all[all.length - 1])?.focus();
    // A press anywhere outside closes the menu; focus stays where the press put it.
    const closeOutside = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) {
        setOpen(false);
      }
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, [open, opening]);

  const show = (at: 'first' | 'last') => {
    setOpening(at);
    setOpen(true);
  };

  const closeToButton = () => {
    setOpen(false);
    button.current?.focus();
  };

  const onButtonKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      show(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  };

  const onMenuKeyDown = (event: KeyboardEvent) => {
    const all = menuItems(menu.current);
    const at = all.indexOf(document.activeElement as HTMLElement);
    const moveTo = (index: number) => {
      event.preventDefault();
      all[(index + all.length) % all.length]?.focus();
    };
    switch (event.key) {
      case 'ArrowDown':
        return moveTo(at + 1);
      case 'ArrowUp':
        return moveTo(at - 1);
      case 'Home':
        return moveTo(0);
      case 'End':
        return moveTo(all.length - 1);
      case 'Escape':
        event.preventDefault();
        return closeToButton();
      case 'Tab':
        // Focus moves on as Tab would have taken it from the button; the menu is done.
        return setOpen(false);
    }
  };

  return (
    <div className="user-menu" ref={container}>
      <button
        ref={button}
        id={`${id}-button`}
        type="button"
        className="user-menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        onClick={() => (open ? setOpen(false) : show('first'))}
        onKeyDown={onButtonKeyDown}
      >
        <MenuAvatar pictureUrl={user.pictureUrl} name={name} />
        <span className="user-menu-name">{name}</span>
        <span className="user-menu-caret" aria-hidden="true" />
      </button>
      {open ? (
        <div className="user-menu-popup">
          {user.email && user.email !== name ? <p className="user-menu-email">{user.email}</p> : null}
          <ul ref={menu} id={`${id}-menu`} role="menu" aria-labelledby={`${id}-button`} onKeyDown={onMenuKeyDown}>
            <li role="none">
              <Link role="menuitem" tabIndex={-1} to={accountPath} onClick={closeToButton}>
                Account
              </Link>
            </li>
            <li role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                aria-disabled={signingOut}
                onClick={() => {
                  if (!signingOut) {
                    closeToButton();
                    onSignOut();
                  }
                }}
              >
                {signingOut ? 'Signing out…' : 'Sign out'}
              </button>
            </li>
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function menuItems(menu: HTMLElement | null): HTMLElement[] {
  return Array.from(menu?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
}

/** The user's picture, small, or their initial: beside their name, which says who it is, so no text of its own. */
function MenuAvatar({ pictureUrl, name }: { pictureUrl: string | null; name: string }) {
  const [pictureFailed, setPictureFailed] = useState(false);
  if (pictureUrl && !pictureFailed) {
    // Google's avatar host refuses some requests that carry a Referer.
    return <img className="user-menu-avatar" src={pictureUrl} alt="" referrerPolicy="no-referrer" width={28} height={28} onError={() => setPictureFailed(true)} />;
  }
  return (
    <span className="user-menu-avatar user-menu-initial" aria-hidden="true">
      {name.charAt(0).toUpperCase()}
    </span>
  );
}
