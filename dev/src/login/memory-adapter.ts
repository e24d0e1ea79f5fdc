// oidc-provider's built-in memory adapter prints a "development-only" warning on every start and
// shares one store between all providers of a process; this one is silent and per provider.
// State (sessions, codes, grants) is lost on restart, which is fine for development: the signing
// keys are persisted separately, so issued access tokens stay verifiable.

type Payload = Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string; consumed?: number };

interface Entry {
  payload: Payload;
  expiresAt: number;
}

/** A storage adapter class for oidc-provider's `adapter` option, backed by one Map. */
export function createMemoryAdapter(): new (model: string) => object {
  const entries = new Map<string, Entry>();
  const byGrant = new Map<string, Set<string>>();
  const index = new Map<string, string>(); // 'uid:<uid>' / 'userCode:<code>' -> entry key
  let writes = 0;

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const sweep = () => {
    const now = Date.now();
    for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
    for (const [name, key] of index) if (!entries.has(key)) index.delete(name);
    for (const [grantId, keys] of byGrant) {
      for (const key of keys) if (!entries.has(key)) keys.delete(key);
      if (keys.size === 0) byGrant.delete(grantId);
    }
  };

  return class MemoryAdapter {
    constructor(readonly model: string) {}

    key(id: string) {
      return `${this.model}:${id}`;
    }

    async upsert(id: string, payload: Payload, expiresIn?: number) {
      if (++writes % 100 === 0) sweep();
      const key = this.key(id);
      const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY;
      entries.set(key, { payload, expiresAt });
      if (payload.grantId) {
        const keys = byGrant.get(payload.grantId) ?? new Set<string>();
        keys.add(key);
        byGrant.set(payload.grantId, keys);
      }
      if (this.model === 'Session' && payload.uid) index.set(`uid:${payload.uid}`, key);
      if (payload.userCode) index.set(`userCode:${payload.userCode}`, key);
    }

    async find(id: string) {
      return live(this.key(id))?.payload;
    }

    async findByUid(uid: string) {
      const key = index.get(`uid:${uid}`);
      return key ? live(key)?.payload : undefined;
    }

    async findByUserCode(userCode: string) {
      const key = index.get(`userCode:${userCode}`);
      return key ? live(key)?.payload : undefined;
    }

    async consume(id: string) {
      const entry = live(this.key(id));
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id: string) {
      entries.delete(this.key(id));
    }

    async revokeByGrantId(grantId: string) {
      for (const key of byGrant.get(grantId) ?? []) entries.delete(key);
      byGrant.delete(grantId);
    }
  };
}
