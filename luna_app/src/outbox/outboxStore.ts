/**
 * Photos submitted without a connection, kept on the device (IndexedDB through idb-keyval)
 * until they can be sent. Each entry belongs to the user who took it and is sent only with
 * that user's session.
 */
import { createStore, del, entries, set, type UseStore } from 'idb-keyval';
import type { PatientContext } from '../api/clinicalTypes';

export type OutboxState = 'queued' | 'sending' | 'failed';

/** What the analyse form had when the photo was sent. */
export interface Submission extends PatientContext {
  image: string;
  description: string;
}

export interface OutboxItem extends Submission {
  id: string;
  username: string;
  queuedAt: string;
  state: OutboxState;
  /** Why the API refused it, for a failed entry. */
  error: string | null;
}

let store: UseStore | null = null;

function outboxStore(): UseStore {
  store ??= createStore('luna-outbox', 'submissions');
  return store;
}

/** Every queued submission of `username`, oldest first. */
export async function loadOutbox(username: string): Promise<OutboxItem[]> {
  const all = await entries<string, OutboxItem>(outboxStore());
  return all
    .map(([, item]) => item)
    .filter((item) => item.username === username)
    .sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

export async function saveOutboxItem(item: OutboxItem): Promise<void> {
  await set(item.id, item, outboxStore());
}

export async function deleteOutboxItem(id: string): Promise<void> {
  await del(id, outboxStore());
}

export function newOutboxItem(username: string, submission: Submission, now = new Date()): OutboxItem {
  return {
    ...submission,
    id: crypto.randomUUID(),
    username,
    queuedAt: now.toISOString(),
    state: 'queued',
    error: null,
  };
}
