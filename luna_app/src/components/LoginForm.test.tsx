import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { renderWithI18n } from '../testing';
import { LoginForm } from './LoginForm';

function typeInto(testId: string, value: string) {
  const input = screen.getByTestId(testId).querySelector('input')!;
  fireEvent.change(input, { target: { value } });
}

describe('LoginForm', () => {
  it('shows a clear message on wrong credentials', async () => {
    const onSignIn = vi.fn().mockRejectedValue(new ApiError(401, 'Incorrect username or password'));
    renderWithI18n(<LoginForm onSignIn={onSignIn} />);
    typeInto('login-username', 'dra.soto');
    typeInto('login-password', 'wrong');
    fireEvent.click(screen.getByTestId('login-submit'));
    expect(await screen.findByTestId('login-error')).toHaveTextContent('Usuario o contraseña incorrectos.');
    expect(onSignIn).toHaveBeenCalledWith('dra.soto', 'wrong');
  });

  it('asks for both fields before calling the API', async () => {
    const onSignIn = vi.fn();
    renderWithI18n(<LoginForm onSignIn={onSignIn} />, 'en');
    fireEvent.click(screen.getByTestId('login-submit'));
    expect(await screen.findByTestId('login-error')).toHaveTextContent('Enter your username and password.');
    expect(onSignIn).not.toHaveBeenCalled();
  });

  it('signs in without an error message when the API accepts', async () => {
    const onSignIn = vi.fn().mockResolvedValue(undefined);
    renderWithI18n(<LoginForm onSignIn={onSignIn} />);
    typeInto('login-username', 'dra.soto');
    typeInto('login-password', 'secret');
    fireEvent.click(screen.getByTestId('login-submit'));
    await waitFor(() => expect(onSignIn).toHaveBeenCalledTimes(1));
    expect(screen.queryByTestId('login-error')).toBeNull();
  });
});
