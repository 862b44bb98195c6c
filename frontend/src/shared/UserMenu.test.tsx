import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { ada } from '../test/fakeBackend';
import { UserMenu } from './UserMenu';

function renderMenu(onSignOut = vi.fn()) {
  render(
    <MemoryRouter initialEntries={['/']}>
      <UserMenu user={ada} accountPath="/account" signingOut={false} onSignOut={onSignOut} />
      <button type="button">After the menu</button>
      <Routes>
        <Route path="/" element={<p>Home</p>} />
        <Route path="/account" element={<p>Account page</p>} />
      </Routes>
    </MemoryRouter>,
  );
  return { button: screen.getByRole('button', { name: 'Ada Lovelace' }), onSignOut };
}

const item = (name: string) => screen.getByRole('menuitem', { name });

describe('The user menu', () => {
  it('is a menu button, closed until asked', () => {
    const { button } = renderMenu();

    expect(button).toHaveAttribute('aria-haspopup', 'menu');
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
  });

  it.each(['{Enter}', ' ', '{ArrowDown}'])('opens with %s on its first item', async (key) => {
    const { button } = renderMenu();
    button.focus();

    await userEvent.keyboard(key);

    expect(button).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('menu', { name: 'Ada Lovelace' })).toHaveAttribute('id', button.getAttribute('aria-controls'));
    expect(item('Account')).toHaveFocus();
    expect(screen.getByText('ada@example.com')).toBeVisible();
  });

  it('opens with ArrowUp on its last item, and moves by the arrows (round), Home and End', async () => {
    const { button } = renderMenu();
    button.focus();

    await userEvent.keyboard('{ArrowUp}');
    expect(item('Sign out')).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    expect(item('Account')).toHaveFocus();
    await userEvent.keyboard('{ArrowUp}');
    expect(item('Sign out')).toHaveFocus();
    await userEvent.keyboard('{Home}');
    expect(item('Account')).toHaveFocus();
    await userEvent.keyboard('{End}');
    expect(item('Sign out')).toHaveFocus();
  });

  it('closes on Escape, focus back on its button', async () => {
    const { button } = renderMenu();
    await userEvent.click(button);

    await userEvent.keyboard('{Escape}');

    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(button).toHaveFocus();
  });

  it('closes on Tab', async () => {
    const { button } = renderMenu();
    await userEvent.click(button);

    await userEvent.tab();

    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(button).toHaveAttribute('aria-expanded', 'false');
  });

  it('closes on a click elsewhere, and on its button again', async () => {
    const { button } = renderMenu();
    await userEvent.click(button);
    await userEvent.click(screen.getByText('Home'));
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();

    await userEvent.click(button);
    await userEvent.click(button);
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
  });

  it('leads to the account page', async () => {
    const { button } = renderMenu();
    button.focus();

    await userEvent.keyboard('{Enter}{Enter}');

    expect(await screen.findByText('Account page')).toBeInTheDocument();
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
  });

  it('signs out by keyboard, once, focus back on its button', async () => {
    const { button, onSignOut } = renderMenu();
    button.focus();

    await userEvent.keyboard('{ArrowUp}{Enter}');

    expect(onSignOut).toHaveBeenCalledOnce();
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });
});
