import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import * as api from '../api/client';
import type { SignInResponse, User } from '../api/types';
import { clearSession, loadSession, saveSession, sessionFromSignIn, type Session } from './sessionStore';

export interface SessionState {
  session: Session | null;
  signIn: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  updateUser: (user: User) => void;
  /** Starts the session an answer like /signin's describes (after a password change). */
  adopt: (response: SignInResponse) => void;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => loadSession());

  const forget = useCallback(() => {
    clearSession();
    setSession(null);
  }, []);

  useEffect(() => {
    api.setTokenProvider(() => loadSession()?.accessToken ?? null);
    api.setUnauthorizedHandler(forget);
  }, [forget]);

  // Another tab logging in or out changes this tab's session too.
  useEffect(() => {
    const onStorage = () => setSession(loadSession());
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  // Drop the session when the token expires while the app is open.
  useEffect(() => {
    if (!session) return undefined;
    const timer = window.setTimeout(forget, Math.max(0, session.expiresAt - Date.now()));
    return () => window.clearTimeout(timer);
  }, [session, forget]);

  const adopt = useCallback((response: SignInResponse) => {
    const next = sessionFromSignIn(response);
    saveSession(next);
    setSession(next);
  }, []);

  const signIn = useCallback(
    async (username: string, password: string) => {
      adopt(await api.signIn(username, password));
    },
    [adopt],
  );

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      // The local session ends even when the server cannot be told.
    } finally {
      // Signing out is not an interrupted visit: the next sign-in starts at home, not here.
      window.history.replaceState(null, '', '/login');
      forget();
    }
  }, [forget]);

  const updateUser = useCallback((user: User) => {
    setSession((current) => {
      if (!current) return current;
      const next = { ...current, user };
      saveSession(next);
      return next;
    });
  }, []);

  const value = useMemo(
    () => ({ session, signIn, logout, updateUser, adopt }),
    [session, signIn, logout, updateUser, adopt],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside SessionProvider');
  return value;
}
