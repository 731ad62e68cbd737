import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { UserAccount } from '../api/accounts';
import { renderWithI18n } from '../testing';
import { UsersTable } from './UsersTable';

function account(overrides: Partial<UserAccount> = {}): UserAccount {
  return {
    id: 2,
    username: 'dr_rojas',
    email: 'rojas@cesfam.example',
    roles: ['user'],
    active: true,
    mustChangePassword: false,
    createdAt: '2026-11-01T10:00:00Z',
    lastSignInAt: null,
    ...overrides,
  };
}

function check(testId: string, checked: boolean) {
  act(() => {
    screen.getByTestId(testId).dispatchEvent(new CustomEvent('ionChange', { detail: { checked }, bubbles: true }));
  });
}

describe('UsersTable', () => {
  it('shows each account with its state and lets the admin disable, re-role and reset it', () => {
    const handlers = { onSetActive: vi.fn(), onSetRoles: vi.fn(), onTemporaryPassword: vi.fn() };
    const users = [account(), account({ id: 3, username: 'dra_soto', active: false, mustChangePassword: true })];
    renderWithI18n(<UsersTable users={users} currentUserId={1} busyId={null} {...handlers} />);
    expect(screen.getByTestId('user-state-2')).toHaveTextContent('Activo');
    expect(screen.getByTestId('user-state-3')).toHaveTextContent('Deshabilitado');
    expect(screen.getByTestId('user-3')).toHaveTextContent('Debe cambiar su contraseña');
    expect(screen.getByTestId('user-2')).toHaveTextContent('Último ingreso: nunca');
    fireEvent.click(screen.getByTestId('user-2-toggle'));
    expect(handlers.onSetActive).toHaveBeenCalledWith(users[0], false);
    fireEvent.click(screen.getByTestId('user-3-toggle'));
    expect(handlers.onSetActive).toHaveBeenCalledWith(users[1], true);
    check('user-2-role-dermatologist', true);
    expect(handlers.onSetRoles).toHaveBeenCalledWith(users[0], ['dermatologist', 'user']);
    fireEvent.click(screen.getByTestId('user-2-temp-password'));
    expect(handlers.onTemporaryPassword).toHaveBeenCalledWith(users[0]);
  });

  it('never removes the last role and does not let an admin disable themselves', () => {
    const handlers = { onSetActive: vi.fn(), onSetRoles: vi.fn(), onTemporaryPassword: vi.fn() };
    renderWithI18n(<UsersTable users={[account({ id: 1, roles: ['admin'] })]} currentUserId={1} busyId={null} {...handlers} />);
    check('user-1-role-admin', false);
    expect(handlers.onSetRoles).not.toHaveBeenCalled();
    expect(screen.getByTestId('user-1-toggle')).toHaveAttribute('disabled');
  });
});
