import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, submitImage } from '../api/client';
import { describeError } from '../i18n/errorMessages';
import { useI18n } from '../i18n/I18nContext';
import { useSession } from '../session/SessionContext';
import {
  deleteOutboxItem,
  loadOutbox,
  newOutboxItem,
  saveOutboxItem,
  type OutboxItem,
  type Submission,
} from './outboxStore';

/** How often queued photos are tried again while the device says it is online. */
const RETRY_INTERVAL_MS = 20_000;

export interface Outbox {
  items: OutboxItem[];
  /** Grows each time a queued photo reaches the API, so lists know to reload. */
  sentCount: number;
  enqueue: (submission: Submission) => Promise<void>;
  discard: (id: string) => Promise<void>;
  discardAll: () => Promise<void>;
  flush: () => Promise<void>;
}

const OutboxContext = createContext<Outbox | null>(null);

/** Whether a failed submission should wait for a better moment rather than be given up. */
function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.status === 0 || error.status === 401 || error.status === 429 || error.status >= 500;
}

/** The signed-in user's queued photos, sent when the connection returns. */
export function OutboxProvider({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const { t, locale } = useI18n();
  const username = session?.user.username ?? null;
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [sentCount, setSentCount] = useState(0);
  const flushing = useRef(false);

  const reload = useCallback(async () => {
    setItems(username ? await loadOutbox(username) : []);
  }, [username]);

  const flush = useCallback(async () => {
    if (!username || flushing.current || !navigator.onLine) return;
    flushing.current = true;
    try {
      for (const item of await loadOutbox(username)) {
        if (item.state === 'failed') continue;
        await saveOutboxItem({ ...item, state: 'sending' });
        await reload();
        try {
          await submitImage(item.image, item.description || undefined, undefined, {
            patientReference: item.patientReference,
            bodySite: item.bodySite,
          });
          await deleteOutboxItem(item.id);
          setSentCount((count) => count + 1);
        } catch (caught) {
          const transient = isTransient(caught);
          await saveOutboxItem({
            ...item,
            state: transient ? 'queued' : 'failed',
            error: transient ? null : describeError(caught, t, locale),
          });
          if (transient) break; // the line or the service is down: try again later, in order
        }
      }
    } finally {
      flushing.current = false;
      await reload();
    }
  }, [username, reload, t, locale]);

  // Entries left "sending" by a closed tab are queued again, then everything is tried once.
  useEffect(() => {
    if (!username) {
      setItems([]);
      return;
    }
    void (async () => {
      for (const item of await loadOutbox(username)) {
        if (item.state === 'sending') await saveOutboxItem({ ...item, state: 'queued' });
      }
      await reload();
      await flush();
    })();
  }, [username, reload, flush]);

  useEffect(() => {
    const onOnline = () => void flush();
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, [flush]);

  const waiting = items.some((item) => item.state === 'queued');
  useEffect(() => {
    if (!waiting) return undefined;
    const timer = window.setInterval(() => void flush(), RETRY_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [waiting, flush]);

  const enqueue = useCallback(
    async (submission: Submission) => {
      if (!username) return;
      await saveOutboxItem(newOutboxItem(username, submission));
      await reload();
    },
    [username, reload],
  );

  const discard = useCallback(
    async (id: string) => {
      await deleteOutboxItem(id);
      await reload();
    },
    [reload],
  );

  const discardAll = useCallback(async () => {
    if (!username) return;
    for (const item of await loadOutbox(username)) await deleteOutboxItem(item.id);
    await reload();
  }, [username, reload]);

  const value = useMemo(
    () => ({ items, sentCount, enqueue, discard, discardAll, flush }),
    [items, sentCount, enqueue, discard, discardAll, flush],
  );
  return <OutboxContext.Provider value={value}>{children}</OutboxContext.Provider>;
}

export function useOutbox(): Outbox {
  const value = useContext(OutboxContext);
  if (!value) throw new Error('useOutbox must be used inside OutboxProvider');
  return value;
}
