import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { renderWithI18n } from '../testing';
import { ChangePasswordForm } from './ChangePasswordForm';

function typeInto(testId: string, value: string) {
  fireEvent(screen.getByTestId(testId), new CustomEvent('ionInput', { detail: { value } }));
}

function fill(current: string, next: string, repeat: string = next) {
  typeInto('password-current', current);
  typeInto('password-new', next);
  typeInto('password-repeat', repeat);
  fireEvent.click(screen.getByTestId('password-submit'));
}

describe('ChangePasswordForm', () => {
  it('refuses a short or mistyped new password before calling the API', async () => {
    const onChange = vi.fn();
    renderWithI18n(<ChangePasswordForm onChange={onChange} />);
    fill('old-password-1', 'short');
    expect(await screen.findByTestId('password-error')).toHaveTextContent('al menos 12 caracteres');
    fill('old-password-1', 'a-long-new-password', 'a-long-new-passw0rd');
    expect(await screen.findByTestId('password-error')).toHaveTextContent('no coinciden');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('sends the current and the new password and says it worked', async () => {
    const onChange = vi.fn().mockResolvedValue(undefined);
    renderWithI18n(<ChangePasswordForm onChange={onChange} />);
    fill('old-password-1', 'a-long-new-password');
    expect(await screen.findByTestId('password-changed')).toHaveTextContent('Contraseña cambiada');
    expect(onChange).toHaveBeenCalledWith('old-password-1', 'a-long-new-password');
    expect(screen.queryByTestId('password-error')).toBeNull();
  });

  it('names a wrong current password and passes on the API rules', async () => {
    const onChange = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(403, 'The current password is not right'))
      .mockRejectedValueOnce(new ApiError(422, 'The password is one of the most common passwords'));
    renderWithI18n(<ChangePasswordForm onChange={onChange} />, 'en');
    fill('wrong-current', 'a-long-new-password');
    expect(await screen.findByTestId('password-error')).toHaveTextContent('The current password is not right.');
    fill('old-password-1', 'qwerty123456');
    await waitFor(() => expect(screen.getByTestId('password-error')).toHaveTextContent('most common passwords'));
  });
});
