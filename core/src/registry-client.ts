import { isMunicipalityKey, type MunicipalityKey } from '@kita/schema';
import { z } from 'zod';
import { serviceTokens } from './auth.js';
import { followTrustDocument, gatewayPrincipal, type ServiceKeyring, type TrustDirectory } from './trust.js';

/** The gateway route that lists every active municipality's instance URLs, for service tokens of registered municipalities only. */
export const registryInstancesPath = '/registry/instances';

/** What `/registry/instances` answers: each active municipality's subgraph URLs (internal addresses, so not public). */
export const registryInstancesSchema = z.object({
  municipalities: z.array(
    z.object({
      key: z.string().refine(isMunicipalityKey, 'must be a 5- or 8-digit municipality key (AGS)'),
      subgraphs: z.record(z.string(), z.url()),
    }),
  ),
});
export type RegistryInstances = z.infer<typeof registryInstancesSchema>;

/**
 * `REGISTRY_URL` is the gateway's base URL; a URL ending in `/trust` (the earlier form) names the
 * same gateway. Both documents an instance reads hang off it.
 */
export function registryEndpoints(registryUrl: string): { trust: string; instances: string } {
  const base = registryUrl.replace(/\/+$/, '').replace(/\/trust$/, '');
  return { trust: `${base}/trust`, instances: `${base}${registryInstancesPath}` };
}

/** Where the federation's instances are, as last read from the gateway. */
export interface InstanceDirectory {
  /** The URL of a municipality's instance of a subgraph, when the registry lists it. */
  urlOf(municipality: MunicipalityKey, subgraph: string): string | undefined;
  /** Every listed municipality except `except`, with its instance of the subgraph. */
  others(except: MunicipalityKey, subgraph: string): Array<{ municipality: string; url: string }>;
}

export interface FollowedRegistry {
  trust: TrustDirectory;
  instances: InstanceDirectory;
  stop(): void;
}

export interface FollowRegistryOptions {
  /** Signs this instance's request for the instance list (audience: the gateway). */
  keyring: ServiceKeyring;
  /** The asking service, e.g. `reservation@03355022`. */
  service: string;
  /** How often both documents are read again (`REGISTRY_REFRESH_MS`, default a minute). */
  refreshMs?: number;
  onProblem?: (problem: string) => void;
}

/**
 * What a deployed instance knows of the federation, from the gateway alone: the public trust
 * document and, with its own service token, the instance list. Both are read before the
 * instance serves and again every `refreshMs`; a failed or invalid read keeps the last good
 * answer, so a municipality added to the registry is followed without a restart.
 */
export async function followRegistry(registryUrl: string, options: FollowRegistryOptions): Promise<FollowedRegistry> {
  const endpoints = registryEndpoints(registryUrl);
  const remoteTrust = await followTrustDocument(endpoints.trust, { refreshMs: options.refreshMs, onProblem: options.onProblem });
  const tokenFor = serviceTokens(options.keyring, options.service);
  let current: RegistryInstances = { municipalities: [] };
  const read = async () => {
    const token = await tokenFor(gatewayPrincipal);
    const response = await fetch(endpoints.instances, {
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`the instance list answered HTTP ${response.status}`);
    const parsed = registryInstancesSchema.safeParse(await response.json());
    if (!parsed.success) throw new Error(`the instance list is invalid: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
    current = parsed.data;
  };
  const refresh = () => read().catch((error: unknown) => options.onProblem?.(error instanceof Error ? error.message : String(error)));
  // Not fatal at start: the instance serves without peers, and its consumers find them on a later read.
  await refresh();
  const timer = setInterval(refresh, options.refreshMs ?? 60_000);
  timer.unref();
  return {
    trust: remoteTrust.trust,
    instances: {
      urlOf: (municipality, subgraph) => current.municipalities.find((entry) => entry.key === municipality)?.subgraphs[subgraph],
      others: (except, subgraph) =>
        current.municipalities.flatMap((entry) =>
          entry.key !== except && entry.subgraphs[subgraph] ? [{ municipality: entry.key, url: entry.subgraphs[subgraph] }] : [],
        ),
    },
    stop: () => {
      clearInterval(timer);
      remoteTrust.stop();
    },
  };
}
