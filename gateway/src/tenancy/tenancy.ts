import { readFile } from 'node:fs/promises';
import type { Logger } from '@kita/shared';
import type { Registry } from '@kita/registry';
import { subgraphSdlPath } from '@kita/schema';
import { InstanceClient, type InstanceClientOptions } from './instance-client.js';
import { checkInstanceSchema, type SchemaCheck } from './schema-check.js';

export interface InstanceStatus {
  url: string;
  state: SchemaCheck['state'] | 'unchecked' | 'circuit-open';
  reason?: string;
  checkedAt?: string;
}

export interface RegistryStatus {
  loadedAt: string;
  /** The last reload's problems, while the previous registry stays in use. */
  error?: string[];
}

/**
 * The gateway's view of the municipalities: the current registry (swapped on reload), the
 * instance client with its circuits, and each instance's schema check for readiness.
 */
export class Tenancy {
  readonly client: InstanceClient;
  private current: Registry;
  private readonly checks = new Map<string, { url: string; check: SchemaCheck | undefined; checkedAt?: Date }>();
  private registryStatus: RegistryStatus;
  private recheckTimer?: NodeJS.Timeout;

  constructor(
    registry: Registry,
    private readonly options: InstanceClientOptions & { logger: Logger; checkTimeoutMs?: number; recheckMs?: number; sdlOf?: (subgraph: string) => Promise<string> },
  ) {
    this.current = registry;
    this.client = new InstanceClient(options);
    this.registryStatus = { loadedAt: new Date().toISOString() };
  }

  registry = (): Registry => this.current;

  /** Swaps in a reloaded registry and checks the instances it lists. */
  async replace(registry: Registry): Promise<void> {
    this.current = registry;
    this.registryStatus = { loadedAt: new Date().toISOString() };
    this.options.logger.info('registry_loaded', { municipalities: registry.municipalities.length, active: registry.active().length });
    await this.checkAll();
  }

  reloadFailed(problems: string[]): void {
    this.registryStatus = { ...this.registryStatus, error: problems };
    this.options.logger.error('registry_reload_failed', { problems: problems.length });
  }

  private readonly sdlCache = new Map<string, Promise<string>>();
  private committedSdl(subgraph: string): Promise<string> {
    let sdl = this.sdlCache.get(subgraph);
    if (!sdl) {
      sdl = this.options.sdlOf ? this.options.sdlOf(subgraph) : readFile(subgraphSdlPath(subgraph), 'utf8');
      this.sdlCache.set(subgraph, sdl);
    }
    return sdl;
  }

  /** Compares every active instance's `_service { sdl }` with the committed SDL. */
  async checkAll(onlyFailing = false): Promise<void> {
    const registry = this.current;
    const jobs: Promise<void>[] = [];
    for (const entry of registry.active()) {
      for (const [subgraph, url] of Object.entries(entry.subgraphs)) {
        const key = `${subgraph}@${entry.key}`;
        const previous = this.checks.get(key);
        if (onlyFailing && previous?.url === url && previous.check?.state === 'ok') continue;
        jobs.push(
          (async () => {
            const serviceToken = await this.options.serviceToken?.(entry.key);
            const check = await checkInstanceSchema(url, await this.committedSdl(subgraph), this.options.checkTimeoutMs ?? 3000, serviceToken);
            this.checks.set(key, { url, check, checkedAt: new Date() });
            this.client.markIncompatible({ municipality: entry.key, subgraph, url }, check.state === 'incompatible');
            if (check.state !== 'ok') this.options.logger.warn('instance_not_ready', { municipality: entry.key, subgraph, state: check.state, reason: check.reason });
          })(),
        );
      }
    }
    await Promise.all(jobs);
  }

  /** Re-checks instances that were not ok, so a fixed or restarted instance comes back. */
  startRechecks(): void {
    this.recheckTimer = setInterval(() => void this.checkAll(true), this.options.recheckMs ?? 30_000);
    this.recheckTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.recheckTimer);
    await this.client.close();
  }

  /** Every municipality's state, for the readiness endpoint. */
  status(): { ready: boolean; registry: RegistryStatus; municipalities: unknown[] } {
    let ready = true;
    const municipalities = this.current.municipalities.map((entry) => {
      const subgraphs: Record<string, InstanceStatus> = {};
      for (const [subgraph, url] of Object.entries(entry.subgraphs)) {
        const found = this.checks.get(`${subgraph}@${entry.key}`);
        const instance = { municipality: entry.key, subgraph, url };
        const state: InstanceStatus['state'] = !found || found.url !== url ? 'unchecked' : this.client.circuitOpen(instance) ? 'circuit-open' : found.check!.state;
        if (entry.active && state !== 'ok') ready = false;
        subgraphs[subgraph] = {
          url,
          state,
          ...(found?.check && 'reason' in found.check ? { reason: found.check.reason } : {}),
          ...(found?.checkedAt ? { checkedAt: found.checkedAt.toISOString() } : {}),
        };
      }
      return { key: entry.key, name: entry.name, active: entry.active, subgraphs };
    });
    return { ready, registry: this.registryStatus, municipalities };
  }
}
