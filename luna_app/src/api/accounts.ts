/**
 * Account lifecycle and audit trail endpoints of the LUNA API (issue 11).
 * Kept apart from client.ts so the app's main client can change without touching these.
 */
import { request } from './client';
import type { SignInResponse } from './types';

export const ROLES = ['user', 'dermatologist', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** An account as admins see it (GET /api/users). */
export interface UserAccount {
  id: number;
  username: string;
  email: string;
  roles: string[];
  active: boolean;
  mustChangePassword: boolean;
  createdAt: string;
  lastSignInAt: string | null;
}

export interface AuditEvent {
  id: number;
  at: string;
  action: string;
  outcome: string;
  userId: number | null;
  username: string | null;
  targetUserId: number | null;
  analysisIds: string[];
  client: string | null;
  details: Record<string, string>;
  hash: string;
}

export interface AuditPage {
  items: AuditEvent[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AuditQuery {
  analysisId?: string;
  userId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export function listUsers(): Promise<UserAccount[]> {
  return request<UserAccount[]>('GET', '/api/users');
}

export function updateUser(id: number, change: { active?: boolean; roles?: string[] }): Promise<UserAccount> {
  return request<UserAccount>('PATCH', `/api/users/${id}`, { body: change });
}

/** A random temporary password made by the API; the user must change it at next sign-in. */
export function setTemporaryPassword(id: number): Promise<{ temporaryPassword: string }> {
  return request<{ temporaryPassword: string }>('POST', `/api/users/${id}/password`);
}

/** Changes the caller's password; the answer carries a new token (earlier ones stop working). */
export function changeMyPassword(currentPassword: string, newPassword: string): Promise<SignInResponse> {
  return request<SignInResponse>('POST', '/api/me/password', { body: { currentPassword, newPassword } });
}

export function listAuditEvents(query: AuditQuery = {}): Promise<AuditPage> {
  const params = new URLSearchParams();
  for (const key of ['analysisId', 'userId', 'from', 'to'] as const) {
    const value = query[key]?.trim();
    if (value) params.set(key, value);
  }
  params.set('page', String(query.page ?? 1));
  params.set('pageSize', String(query.pageSize ?? 50));
  return request<AuditPage>('GET', `/api/audit?${params.toString()}`);
}
