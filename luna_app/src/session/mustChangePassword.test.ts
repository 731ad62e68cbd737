import { describe, expect, it } from 'vitest';
import { loadSession, saveSession, sessionFromSignIn } from './sessionStore';

const ANSWER = {
  id: 7,
  username: 'dr_rojas',
  email: 'rojas@cesfam.example',
  roles: ['user'],
  accessToken: 'token',
  tokenType: 'bearer' as const,
  expiresIn: 3600,
  mustChangePassword: false,
};

describe('a temporary password', () => {
  it('is remembered from /signin, so the app shows only the password change', () => {
    const storage = window.localStorage;
    const session = sessionFromSignIn({ ...ANSWER, mustChangePassword: true }, 1000);
    saveSession(session, storage);
    expect(loadSession(storage, 2000)?.mustChangePassword).toBe(true);
  });

  it('is absent after a normal sign-in or the change itself', () => {
    expect(sessionFromSignIn({ ...ANSWER, mustChangePassword: false }).mustChangePassword).toBeUndefined();
    expect(sessionFromSignIn(ANSWER).mustChangePassword).toBeUndefined();
  });
});
