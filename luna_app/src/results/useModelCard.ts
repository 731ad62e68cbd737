import { useEffect, useState } from 'react';
import { ApiError, getModelCard } from '../api/client';
import type { ModelCard } from '../api/types';

export type ModelCardState =
  | { status: 'loading' }
  | { status: 'ready'; card: ModelCard }
  /** The API has no card for this model (404), or does not serve cards yet. */
  | { status: 'missing' }
  | { status: 'error'; error: unknown };

// Cards do not change for a given name and version: ask the API once per page load.
const cache = new Map<string, Promise<ModelCard>>();

function fetchCard(name: string, version: string): Promise<ModelCard> {
  const key = `${name}\u0000${version}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = getModelCard(name, version);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key)); // a failure may be tried again later
  }
  return pending;
}

/** The model card of `name`/`version`; nothing is fetched while either is missing. */
export function useModelCard(name: string | undefined, version: string | undefined): ModelCardState {
  const [state, setState] = useState<ModelCardState>({ status: 'loading' });
  useEffect(() => {
    if (!name || !version) return undefined;
    let current = true;
    setState({ status: 'loading' });
    fetchCard(name, version).then(
      (card) => current && setState({ status: 'ready', card }),
      (error: unknown) =>
        current &&
        setState(error instanceof ApiError && error.status === 404 ? { status: 'missing' } : { status: 'error', error }),
    );
    return () => {
      current = false;
    };
  }, [name, version]);
  return state;
}
