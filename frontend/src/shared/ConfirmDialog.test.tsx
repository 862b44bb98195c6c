import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from './ConfirmDialog';

/** A page with a control that asks before it acts, as the account page's Revoke does. */
function Page({ onConfirm, onCancel }: { onConfirm: () => void; onCancel: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Revoke
      </button>
      <ConfirmDialog
        open={open}
        title="Sign out Safari on iPhone?"
        description="Safari on iPhone will need to sign in again."
        confirmLabel="Sign out"
        onConfirm={() => {
          setOpen(false);
          onConfirm();
        }}
        onCancel={() => {
          setOpen(false);
          onCancel();
        }}
      />
    </>
  );
}

async function openDialog() {
  const onConfirm = vi.fn();
  const onCancel = vi.fn();
  const user = userEvent.setup();
  render(<Page onConfirm={onConfirm} onCancel={onCancel} />);
  const opener = screen.getByRole('button', { name: 'Revoke' });
  await user.click(opener);
  const dialog = await screen.findByRole('dialog', { name: 'Sign out Safari on iPhone?' });
  return { user, opener, dialog, onConfirm, onCancel };
}

describe('ConfirmDialog', () => {
  it('opens named and described, with focus on Cancel', async () => {
    const { dialog } = await openDialog();

    expect(dialog).toHaveAccessibleDescription('Safari on iPhone will need to sign in again.');
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    expect(screen.getByRole('button', { name: 'Sign out' })).toHaveClass('button-danger');
  });

  it('closes on Escape, does nothing and gives focus back to its opener', async () => {
    const { user, opener, onConfirm, onCancel } = await openDialog();

    await user.keyboard('{Escape}');

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onConfirm).not.toHaveBeenCalled();
    expect(opener).toHaveFocus();
  });

  it('closes on Cancel, doing nothing', async () => {
    const { user, opener, onConfirm, onCancel } = await openDialog();

    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onConfirm).not.toHaveBeenCalled();
    expect(opener).toHaveFocus();
  });

  it('acts once on its confirm button, with focus back on its opener', async () => {
    const { user, opener, onConfirm, onCancel } = await openDialog();

    await user.click(screen.getByRole('button', { name: 'Sign out' }));

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(onCancel).not.toHaveBeenCalled();
    expect(opener).toHaveFocus();
  });
});
