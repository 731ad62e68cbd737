import { describe, expect, it } from 'vitest';
import { HOME_PATH, loginPathFor, returnPathFrom } from './returnTo';

describe('return to the requested page after sign-in', () => {
  it('remembers an in-app deep link and returns to it', () => {
    const login = loginPathFor('/app/requests/abc123');
    expect(login).toBe('/login?next=%2Fapp%2Frequests%2Fabc123');
    expect(returnPathFrom(login.slice('/login'.length))).toBe('/app/requests/abc123');
  });

  it('never sends the user to another site or an unknown place', () => {
    for (const next of ['//evil.example/app', 'https://evil.example', '/app\\evil', '/admin', '']) {
      expect(returnPathFrom(`?next=${encodeURIComponent(next)}`)).toBe(HOME_PATH);
    }
    expect(loginPathFor('/')).toBe('/login');
    expect(returnPathFrom('')).toBe(HOME_PATH);
  });
});
