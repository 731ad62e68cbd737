/** The signed-in session, kept in localStorage so that it survives a page reload until logout. */
import type { SignInResponse, User } from '../api/types';

const STORAGE_KEY = 'luna.session';

export interface Session {
  accessToken: string;
  tokenType: SignInResponse['tokenType'];
  /** Epoch milliseconds after which the token is no longer accepted. */
  expiresAt: number;
  user: User;
  /** Signed in with a temporary password: the app shows only the password change. */
  mustChangePassword?: boolean;
}

export function sessionFromSignIn(response: SignInResponse, now: number = Date.now()): Session {
  const { accessToken, tokenType, expiresIn, id, username, email, roles } = response;
  return {
    accessToken,
    tokenType,
    expiresAt: now + expiresIn * 1000,
    user: { id, username, email, roles: roles ?? [] },
    ...(response.mustChangePassword ? { mustChangePassword: true } : {}),
  };
}

function isSession(value: unknown): value is Session {
  if (!value || typeof value !== 'object') return false;
  const candidate = value as Partial<Session>;
  return (
    typeof candidate.accessToken === 'string' &&
    typeof candidate.expiresAt === 'number' &&
    !!candidate.user &&
    typeof candidate.user.username === 'string'
  );
}

/** The stored session, or null when there is none or it has expired. */
export function loadSession(storage: Storage = window.localStorage, now: number = Date.now()): Session | null {
  try {
    const raw = storage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed: unknown = JSON.parse(raw);
    if (!isSession(parsed) || parsed.expiresAt <= now) {
      storage.removeItem(STORAGE_KEY);
      return null;
    }
    return parsed;
  } catch {
    return null;
  }
}

export function saveSession(session: Session, storage: Storage = window.localStorage): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function clearSession(storage: Storage = window.localStorage): void {
  storage.removeItem(STORAGE_KEY);
}
