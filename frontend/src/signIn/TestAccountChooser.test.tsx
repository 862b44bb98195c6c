import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { TestAccountChooser } from './TestAccountChooser';

describe('TestAccountChooser', () => {
  it('keeps its labels and errors to itself when two show at once (linking, and confirming it’s you)', async () => {
    const chooseToLink = vi.fn();
    const chooseToConfirm = vi.fn();
    render(
      <>
        <TestAccountChooser accounts={[]} busy={false} error={null} onChoose={chooseToLink} onCancel={() => undefined} purpose="link" />
        <TestAccountChooser accounts={[]} busy={false} error={null} onChoose={chooseToConfirm} onCancel={() => undefined} />
      </>,
    );
    const [, second] = screen.getAllByRole('group', { name: 'Choose a test account' });
    const chooser = within(second as HTMLElement);

    await userEvent.click(chooser.getByRole('button', { name: 'Continue' }));
    const email = chooser.getByLabelText('Email');
    expect(email).toHaveFocus();
    expect(email).toHaveAccessibleDescription('Enter an email address.');

    await userEvent.type(email, 'ada@example.com');
    await userEvent.type(chooser.getByLabelText('Name'), 'Ada');
    await userEvent.click(chooser.getByRole('button', { name: 'Continue' }));
    expect(chooseToConfirm).toHaveBeenCalledWith({ email: 'ada@example.com', name: 'Ada' });
    expect(chooseToLink).not.toHaveBeenCalled();
  });
});
