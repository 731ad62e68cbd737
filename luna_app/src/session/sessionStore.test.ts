import { describe, expect, it } from 'vitest';
import { clearSession, loadSession, saveSession, sessionFromSignIn } from './sessionStore';

const response = {
  id: 7,
  username: 'dra.soto',
  email: 'soto@example.cl',
  roles: ['user'],
  accessToken: 'tok',
  tokenType: 'bearer' as const,
  mustChangePassword: false,
  expiresIn: 3600,
};

describe('session store', () => {
  it('survives a reload until cleared', () => {
    const session = sessionFromSignIn(response, 1000);
    expect(session.expiresAt).toBe(1000 + 3600 * 1000);
    saveSession(session);
    expect(loadSession(window.localStorage, 2000)).toEqual(session);
    clearSession();
    expect(loadSession()).toBeNull();
  });

  it('drops an expired or malformed session', () => {
    saveSession(sessionFromSignIn(response, 0));
    expect(loadSession(window.localStorage, 3600 * 1000 + 1)).toBeNull();
    window.localStorage.setItem('luna.session', '{not json');
    expect(loadSession()).toBeNull();
  });
});
