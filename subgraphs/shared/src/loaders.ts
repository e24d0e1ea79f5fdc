import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';

/** Per-request batch of rows by local ID: one statement for any number of IDs; null for unknown ones. */
export function byIdLoader<T extends { id: string }>(em: EntityManager, entity: EntityClass<T>): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const rows = await em.find(entity, { id: { $in: [...ids] } } as unknown as FilterQuery<T>);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/**
 * Per-request batch of the rows that belong to many keys (e.g. the groups of many facilities):
 * `load` reads all of them in one statement, in the order each list should have.
 */
export function groupedLoader<T>(load: (keys: string[]) => Promise<T[]>, keyOf: (row: T) => string): DataLoader<string, T[]> {
  return new DataLoader(async (keys) => {
    const grouped = new Map<string, T[]>(keys.map((key) => [key, []]));
    for (const row of await load([...keys])) grouped.get(keyOf(row))?.push(row);
    return keys.map((key) => grouped.get(key) ?? []);
  });
}
