import { useSyncExternalStore } from 'react';

/** A facility on the shortlist (Merkliste), kept on the device: enough to show and rank it without asking the API. */
export interface ShortlistEntry {
  id: string;
  name: string;
  kind: string;
  municipality: string;
  district: string;
}

const key = 'kita-portal.shortlist';
const listeners = new Set<() => void>();
let cache: ShortlistEntry[] | undefined;

function read(): ShortlistEntry[] {
  if (!cache) {
    try {
      const parsed = JSON.parse(window.localStorage.getItem(key) ?? '[]');
      cache = Array.isArray(parsed) ? parsed : [];
    } catch {
      cache = [];
    }
  }
  return cache!;
}

function write(entries: ShortlistEntry[]) {
  cache = entries;
  window.localStorage.setItem(key, JSON.stringify(entries));
  for (const listener of listeners) listener();
}

export const shortlist = {
  entries: read,
  has: (id: string) => read().some((entry) => entry.id === id),
  toggle(entry: ShortlistEntry) {
    write(shortlist.has(entry.id) ? read().filter((other) => other.id !== entry.id) : [...read(), entry]);
  },
  remove: (id: string) => write(read().filter((entry) => entry.id !== id)),
  /** Moves an entry up (-1) or down (+1): the order is the family's ranking. */
  move(id: string, by: -1 | 1) {
    const entries = [...read()];
    const from = entries.findIndex((entry) => entry.id === id);
    const to = from + by;
    if (from < 0 || to < 0 || to >= entries.length) return;
    [entries[from], entries[to]] = [entries[to], entries[from]];
    write(entries);
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

window.addEventListener('storage', (event) => {
  if (event.key === key) {
    cache = undefined;
    for (const listener of listeners) listener();
  }
});

export function useShortlist(): ShortlistEntry[] {
  return useSyncExternalStore(shortlist.subscribe, shortlist.entries);
}
