import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import { ErrorCode } from '@kita/schema';
import { GraphQLError, parse, print } from 'graphql';

// The browser apps' operations, registered by hash (the SDK's persisted-documents.json, made by
// GraphQL Code Generator): a request may name one by its hash alone, and production may refuse
// every other operation (a safelist). Built on Apollo Server's automatic persisted queries
// (APQ), so the protocol is APQ's: `extensions.persistedQuery.sha256Hash`, by POST or GET.

/** `{ "sha256:<hex>": "<document>" }`, as the SDK's manifest holds them. */
export type PersistedDocumentManifest = Record<string, string>;

export interface PersistedDocuments {
  /** Document text by SHA-256 (hex) of that text. */
  readonly byHash: ReadonlyMap<string, string>;
  /** Only registered operations are run; everything else is refused (PERSISTED_QUERY_NOT_IN_LIST). */
  readonly safelist: boolean;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Each document under the hash of its manifest text and under the hash of its canonical print
 * (what Apollo Client's persisted-query link hashes and sends when it falls back to the text),
 * so that both name the same registered operation. A manifest entry whose key is not the hash of
 * its text is refused: the list would register something else than it says.
 */
export function persistedDocumentsFrom(manifest: PersistedDocumentManifest, safelist: boolean): PersistedDocuments {
  const byHash = new Map<string, string>();
  for (const [key, text] of Object.entries(manifest)) {
    const hash = key.replace(/^sha256:/, '');
    if (sha256(text) !== hash) throw new Error(`persisted documents: the entry ${key.slice(0, 19)}… is not the SHA-256 of its document`);
    byHash.set(hash, text);
    const canonical = print(parse(text));
    byHash.set(sha256(canonical), canonical);
  }
  return { byHash, safelist };
}

/** Reads a manifest file (`PERSISTED_DOCUMENTS`). */
export async function loadPersistedDocuments(file: string, safelist: boolean): Promise<PersistedDocuments> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`persisted documents: ${file} is not a readable JSON manifest (${(error as Error).message})`);
  }
  if (!manifest || typeof manifest !== 'object' || Object.values(manifest).some((text) => typeof text !== 'string')) {
    throw new Error(`persisted documents: ${file} must map "sha256:<hash>" to document text`);
  }
  return persistedDocumentsFrom(manifest as PersistedDocumentManifest, safelist);
}

/**
 * Apollo Server's APQ cache: registered documents first (never evicted), then what clients
 * register at run time (bounded LRU); with a safelist, nothing is registered at run time.
 * Apollo Server prefixes its keys with `apq:`.
 */
export function persistedQueryCache(documents: PersistedDocuments | undefined): KeyValueCache<string> {
  const registered = new InMemoryLRUCache<string>({ maxSize: 2 ** 22 });
  return {
    async get(key) {
      const known = key.startsWith('apq:') ? documents?.byHash.get(key.slice(4)) : undefined;
      return known ?? (documents?.safelist ? undefined : registered.get(key));
    },
    async set(key, value, options) {
      if (documents?.safelist || documents?.byHash.has(key.slice(4))) return;
      await registered.set(key, value, options);
    },
    async delete(key) {
      await registered.delete(key);
    },
  };
}

/** With a safelist: any operation that is not registered is refused before it is planned or sent. */
export function safelistPlugin<C extends BaseContext>(documents: PersistedDocuments | undefined): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      if (!documents?.safelist) return;
      return {
        async didResolveOperation({ queryHash }) {
          if (documents.byHash.has(queryHash)) return;
          throw new GraphQLError('Only the registered operations of the municipal apps are accepted here.', {
            extensions: { code: ErrorCode.PersistedQueryNotInList, http: { status: 400 } },
          });
        },
      };
    },
  };
}
