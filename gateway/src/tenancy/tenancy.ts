import { readFile } from 'node:fs/promises';
import type { Logger } from '@kita/core';
import type { Registry } from '@kita/registry';
import { subgraphSdlPath } from '@kita/schema';
import { type Instance, InstanceClient, type InstanceClientOptions } from './instance-client.js';
import { checkInstanceSchema, type SchemaCheck } from './schema-check.js';

export interface InstanceStatus {
  url: string;
  /** `ok` only when the schema check passed, the circuit is closed and the last call or probe answered. */
  state: SchemaCheck['state'] | 'unchecked' | 'circuit-open' | 'failing';
  /** The schema check's outcome and when it was made. */
  schema: SchemaCheck['state'] | 'unchecked';
  reason?: string;
  checkedAt?: string;
  circuit: 'open' | 'closed';
  /** The last failed call or probe, until the instance answers again. */
  lastError?: { reason: string; at: string };
}

export interface MunicipalityStatus {
  key: string;
  name: string;
  active: boolean;
  subgraphs: Record<string, InstanceStatus>;
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
  private livenessTimer?: NodeJS.Timeout;

  constructor(
    registry: Registry,
    private readonly options: InstanceClientOptions & {
      logger: Logger;
      checkTimeoutMs?: number;
      recheckMs?: number;
      /** How often every active instance's `/health` is asked (default 10 s), so that an idle instance that died shows on `/status`. */
      livenessMs?: number;
      sdlOf?: (subgraph: string) => Promise<string>;
      /** Told of every registry reload, loaded or refused (metrics). */
      onRegistryChange?: (outcome: 'loaded' | 'refused') => void;
    },
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
    this.client.retain(this.instances());
    this.options.logger.info('registry_loaded', { municipalities: registry.municipalities.length, active: registry.active().length });
    this.options.onRegistryChange?.('loaded');
    await this.checkAll();
  }

  reloadFailed(problems: string[]): void {
    this.registryStatus = { ...this.registryStatus, error: problems };
    this.options.logger.error('registry_reload_failed', { problems: problems.length });
    this.options.onRegistryChange?.('refused');
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
            if (check.state !== 'ok')
              this.options.logger.warn('instance_not_ready', { municipality: entry.key, subgraph, state: check.state, reason: check.reason });
          })(),
        );
      }
    }
    await Promise.all(jobs);
  }

  /** Every active municipality's instances. */
  private instances(): Instance[] {
    return this.current.active().flatMap((entry) => Object.entries(entry.subgraphs).map(([subgraph, url]) => ({ municipality: entry.key, subgraph, url })));
  }

  /**
   * Re-checks the schema of instances that were not ok, so a fixed or restarted instance comes
   * back, and asks every instance's `/health` (liveness: an idle instance that died is noticed,
   * and its circuit opens like after failed calls).
   */
  startRechecks(): void {
    this.recheckTimer = setInterval(() => void this.checkAll(true), this.options.recheckMs ?? 30_000);
    this.recheckTimer.unref();
    this.livenessTimer = setInterval(() => {
      // Open circuits are probed by the client itself, more often.
      for (const instance of this.instances()) if (!this.client.circuitOpen(instance)) void this.client.probe(instance);
    }, this.options.livenessMs ?? 10_000);
    this.livenessTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.recheckTimer);
    clearInterval(this.livenessTimer);
    await this.client.close();
  }

  /** Every municipality's instances (schema check, circuit, last error), for `/status`; never a reason to be unready. */
  status(): { registry: RegistryStatus; municipalities: MunicipalityStatus[]; instances: { active: number; ok: number } } {
    let active = 0;
    let ok = 0;
    const municipalities = this.current.municipalities.map((entry) => {
      const subgraphs: Record<string, InstanceStatus> = {};
      for (const [subgraph, url] of Object.entries(entry.subgraphs)) {
        const found = this.checks.get(`${subgraph}@${entry.key}`);
        const instance = { municipality: entry.key, subgraph, url };
        const schema: InstanceStatus['schema'] = !found || found.url !== url ? 'unchecked' : found.check!.state;
        const circuitOpen = this.client.circuitOpen(instance);
        const failure = this.client.lastFailure(instance);
        const state: InstanceStatus['state'] = schema !== 'ok' ? schema : circuitOpen ? 'circuit-open' : failure ? 'failing' : 'ok';
        if (entry.active) {
          active += 1;
          if (state === 'ok') ok += 1;
        }
        subgraphs[subgraph] = {
          url,
          state,
          schema,
          ...(found?.check && 'reason' in found.check ? { reason: found.check.reason } : {}),
          ...(found?.checkedAt ? { checkedAt: found.checkedAt.toISOString() } : {}),
          circuit: circuitOpen ? 'open' : 'closed',
          ...(failure ? { lastError: { reason: failure.reason, at: failure.at.toISOString() } } : {}),
        };
      }
      return { key: entry.key, name: entry.name, active: entry.active, subgraphs };
    });
    return { registry: this.registryStatus, municipalities, instances: { active, ok } };
  }
}
