import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import {
  createLogger,
  type IdentityProvider,
  identityProviderSchema,
  type Logger,
  type ServiceKeys,
  serviceKeysSchema,
  type TrustDirectory,
  type TrustDocument,
  trustOfDocument,
} from '@kita/core';
import { isMunicipalityKey } from '@kita/schema';
import { z } from 'zod';
import { type GeoArea, type GeoPoint, insideArea } from './geo.js';
import { type MunicipalityTheme, themeSchema } from './theme.js';

export type MunicipalityKind = 'CITY' | 'LANDKREIS' | 'REGION';

const municipalityKinds = ['CITY', 'LANDKREIS', 'REGION'] as const satisfies readonly MunicipalityKind[];

/** One municipality with its own youth office and its own instance of each tenant subgraph. */
export interface MunicipalityEntry {
  /** Amtlicher Gemeindeschlüssel (AGS) prefix: 5 digits (Landkreis, Region) or 8 (city). */
  key: string;
  name: string;
  kind: MunicipalityKind;
  /** Key of the Landkreis or Region this municipality belongs to. */
  parent?: string;
  /** Inactive municipalities stay listed but receive no fetches. */
  active: boolean;
  districts: string[];
  /** Subgraph name → URL of this municipality's instance. */
  subgraphs: Record<string, string>;
  /** Issuers (OpenID providers listed in `identityProviders`) whose office, provider and analyst tokens this municipality accepts. */
  trustedIssuers?: string[];
  /** The public keys this municipality's instances sign service requests with (or their JWKS URL). */
  serviceKeys?: ServiceKeys;
  /** Origins of the municipality's own frontends (portal on its website), allowed by the gateway's CORS. */
  frontendOrigins?: string[];
  /**
   * The municipality's area: a box holding every facility it lists. The gateway asks only the
   * municipalities a geographic search can reach; an entry without an area is always asked.
   */
  area?: GeoArea;
  /** A point inside the area for maps (the town centre or the area's middle). */
  centroid?: GeoPoint;
  /** The colour and logo of the municipality's portal (theme.ts). */
  theme?: MunicipalityTheme;
  /** The districts' areas and centroids for maps, by name from `districts` (any subset, in their order). */
  districtAreas?: DistrictArea[];
}

/** A district (Stadtteil, Gemeinde) on the map: a box inside the municipality's area and a point inside the box. */
export interface DistrictArea {
  /** One of the municipality's `districts`. */
  name: string;
  area: GeoArea;
  centroid: GeoPoint;
}

/** The federation-wide part of the registry file: who logs people in and the gateway's own service keys. */
export interface RegistryTrustSettings {
  identityProviders: IdentityProvider[];
  gateway?: { serviceKeys: ServiceKeys };
}

/** The validated municipality registry: which instances the gateway routes each subgraph fetch to. */
export interface Registry {
  /** In file order. */
  municipalities: MunicipalityEntry[];
  /** Exact key match, never by prefix: `03355022` is not `03355`. */
  get(key: string): MunicipalityEntry | undefined;
  /** Active entries, in file order. */
  active(): MunicipalityEntry[];
  /** Subgraph names that are routed per municipality (appear in any entry's subgraphs). */
  tenantSubgraphs: Set<string>;
  /** The trust part (identity providers, trusted issuers, public service keys), as served at the gateway's `/trust`. */
  trustDocument: TrustDocument;
  trust: TrustDirectory;
  /** Every municipality's frontend origins (for CORS). */
  frontendOrigins: string[];
}

/** A registry file that cannot be used, with every problem found in it. */
export class RegistryError extends Error {
  constructor(
    readonly source: string | undefined,
    readonly problems: string[],
  ) {
    super(`Invalid municipality registry${source ? ` ${source}` : ''}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RegistryError';
  }
}

function createRegistry(municipalities: MunicipalityEntry[], settings: RegistryTrustSettings = { identityProviders: [] }): Registry {
  const byKey = new Map(municipalities.map((entry) => [entry.key, entry]));
  const active = municipalities.filter((entry) => entry.active);
  const tenantSubgraphs = new Set(municipalities.flatMap((entry) => Object.keys(entry.subgraphs)));
  const trustDocument: TrustDocument = {
    identityProviders: settings.identityProviders,
    ...(settings.gateway ? { gateway: settings.gateway } : {}),
    municipalities: municipalities.map((entry) => ({
      key: entry.key,
      trustedIssuers: entry.trustedIssuers ?? [],
      ...(entry.serviceKeys ? { serviceKeys: entry.serviceKeys } : {}),
    })),
  };
  return {
    municipalities,
    get: (key) => byKey.get(key),
    active: () => [...active],
    tenantSubgraphs,
    trustDocument,
    trust: trustOfDocument(trustDocument),
    frontendOrigins: [...new Set(municipalities.flatMap((entry) => entry.frontendOrigins ?? []))],
  };
}

/** No municipalities: the gateway is a plain federation gateway. */
export const emptyRegistry: Registry = createRegistry([]);

const originProblem = 'must be an origin such as https://kita.example.de (scheme, host and port only)';
const isOrigin = (value: string) => URL.canParse(value) && new URL(value).origin === value;

// --- validation -----------------------------------------------------------------------

const keyProblem = 'must be a 5- or 8-digit municipality key (AGS)';
const nameProblem = 'must be a non-empty string';
const urlProblem = 'must be an http(s) URL';

/** A missing field says so; a wrong one says what it should be. */
const requiredOr = (problem: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : problem);

const isNonEmpty = (value: string) => value.trim() !== '';
const isHttpUrl = (value: string) => /^https?:\/\//i.test(value) && URL.canParse(value);

const municipalityKey = z.string({ error: requiredOr(keyProblem) }).refine(isMunicipalityKey, keyProblem);

const degrees = (low: number, high: number) =>
  z
    .number({ error: requiredOr(`must be a number of degrees from ${low} to ${high}`) })
    .refine((value) => value >= low && value <= high, `must be from ${low} to ${high}`);
const latitude = () => degrees(-90, 90);
const longitude = () => degrees(-180, 180);
const areaSchema = z
  .object(
    { south: latitude(), west: longitude(), north: latitude(), east: longitude() },
    { error: 'must be an object { south, west, north, east } in degrees (WGS 84)' },
  )
  .strict();
const pointSchema = z
  .object({ latitude: latitude(), longitude: longitude() }, { error: 'must be an object { latitude, longitude } in degrees (WGS 84)' })
  .strict();

function entrySchema(subgraphNames: readonly string[]) {
  const known = subgraphNames.length ? subgraphNames.join(', ') : 'none';
  return z.object(
    {
      key: municipalityKey,
      name: z.string({ error: requiredOr(nameProblem) }).refine(isNonEmpty, nameProblem),
      kind: z.enum(municipalityKinds, { error: requiredOr(`must be one of ${municipalityKinds.join(', ')}`) }),
      parent: z.string({ error: keyProblem }).refine(isMunicipalityKey, keyProblem).optional(),
      active: z.boolean({ error: 'must be true or false' }).default(true),
      districts: z.array(z.string({ error: nameProblem }).refine(isNonEmpty, nameProblem), { error: 'must be an array of district names' }).default([]),
      subgraphs: z
        .record(
          z.string().refine((name) => subgraphNames.includes(name), `is not a known subgraph (known: ${known})`),
          z.string({ error: urlProblem }).refine(isHttpUrl, urlProblem),
          { error: 'must be an object mapping subgraph names to URLs' },
        )
        .default({}),
      trustedIssuers: z.array(z.string().min(1), { error: 'must be an array of issuer URLs' }).optional(),
      serviceKeys: serviceKeysSchema.optional(),
      frontendOrigins: z.array(z.string({ error: originProblem }).refine(isOrigin, originProblem), { error: 'must be an array of origins' }).optional(),
      area: areaSchema.optional(),
      centroid: pointSchema.optional(),
      theme: themeSchema.optional(),
      districtAreas: z
        .array(z.object({ name: z.string({ error: nameProblem }).refine(isNonEmpty, nameProblem), area: areaSchema, centroid: pointSchema }).strict(), {
          error: 'must be an array of { name, area, centroid }',
        })
        .optional(),
    },
    { error: 'must be an object' },
  );
}

const trustSettingsSchema = z.object({
  identityProviders: z.array(identityProviderSchema, { error: 'must be an array of OpenID providers' }).default([]),
  gateway: z.object({ serviceKeys: serviceKeysSchema }).optional(),
});

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : text ? `${text}.${String(segment)}` : String(segment)),
    '',
  );
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (current, segment) => (typeof current === 'object' && current !== null ? (current as Record<PropertyKey, unknown>)[segment] : undefined),
    value,
  );
}

/** The offending value, shortened: enough to find it, not a dump of the file. */
function got(value: unknown): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value) ?? String(value);
  return ` (got ${text.length > 60 ? `${text.slice(0, 57)}...` : text})`;
}

/** `municipalities[3] "03355" (Landkreis Lüneburg)`, with whatever of key and name is readable. */
function describeEntry(raw: unknown, index: number): string {
  let label = `municipalities[${index}]`;
  if (isRecord(raw)) {
    if (typeof raw.key === 'string') label += ` ${JSON.stringify(raw.key)}`;
    if (typeof raw.name === 'string' && isNonEmpty(raw.name)) label += ` (${raw.name})`;
  }
  return label;
}

function problemOf(issue: z.core.$ZodIssue, raw: unknown): string {
  const field = formatPath(issue.path);
  // An unknown record key: the useful message is the key check's, and the key is the path.
  const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
  const shown = issue.code === 'invalid_key' || message === 'is required' ? '' : got(valueAt(raw, issue.path));
  return `${field ? `${field} ` : ''}${message}${shown}`;
}

/** Checks that span fields or entries; each runs on whatever raw values are readable, so they add to the field problems. */
function crossProblems(raw: Record<string, unknown>, index: number, subgraphNames: readonly string[], firstIndexByKey: Map<string, number>): string[] {
  const problems: string[] = [];
  const key = typeof raw.key === 'string' && isMunicipalityKey(raw.key) ? raw.key : undefined;

  if (key !== undefined) {
    const first = firstIndexByKey.get(key);
    if (first !== undefined && first !== index) problems.push(`key is already used by municipalities[${first}]${got(key)}`);
  }

  if (typeof raw.parent === 'string' && isMunicipalityKey(raw.parent)) {
    if (raw.parent === key) problems.push(`parent must be another municipality, not the entry itself${got(raw.parent)}`);
    else if (!firstIndexByKey.has(raw.parent)) problems.push(`parent must be the key of another municipality in the registry${got(raw.parent)}`);
  }

  if (Array.isArray(raw.districts)) {
    const seen = new Map<string, number>();
    raw.districts.forEach((district, position) => {
      if (typeof district !== 'string' || !isNonEmpty(district)) return;
      const first = seen.get(district);
      if (first === undefined) seen.set(district, position);
      else problems.push(`districts[${position}] duplicates districts[${first}]${got(district)}`);
    });
  }

  if (isRecord(raw.area) && areaSchema.safeParse(raw.area).success) {
    const area = raw.area as unknown as GeoArea;
    if (area.south > area.north) problems.push('area.south must not lie north of area.north');
    if (area.west > area.east) problems.push('area.west must not lie east of area.east (an area across the antimeridian is not supported)');
    const centroid = pointSchema.safeParse(raw.centroid);
    if (centroid.success && area.south <= area.north && area.west <= area.east && !insideArea(centroid.data, area))
      problems.push(`centroid must lie inside area${got(raw.centroid)}`);
  }

  if (Array.isArray(raw.districtAreas)) problems.push(...districtAreaProblems(raw));

  // An inactive municipality may be listed before its instances exist; an active one is routed to.
  const active = raw.active === undefined || raw.active === true;
  const subgraphs = raw.subgraphs === undefined ? {} : raw.subgraphs;
  if (active && isRecord(subgraphs)) {
    for (const name of subgraphNames) {
      if (subgraphs[name] === undefined) problems.push(`subgraphs.${name} is required for an active municipality`);
    }
  }
  return problems;
}

/** A district area names one of the districts, once; its box is the right way round, inside the municipality's area, and holds its centroid. */
function districtAreaProblems(raw: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const districts = Array.isArray(raw.districts) ? raw.districts : [];
  const municipalityArea = areaSchema.safeParse(raw.area);
  const seen = new Map<string, number>();
  (raw.districtAreas as unknown[]).forEach((item, position) => {
    if (!isRecord(item) || typeof item.name !== 'string') return;
    const at = `districtAreas[${position}]`;
    if (!districts.includes(item.name)) problems.push(`${at}.name must be one of districts${got(item.name)}`);
    const first = seen.get(item.name);
    if (first === undefined) seen.set(item.name, position);
    else problems.push(`${at} duplicates districtAreas[${first}]${got(item.name)}`);
    const area = areaSchema.safeParse(item.area);
    const centroid = pointSchema.safeParse(item.centroid);
    if (!area.success) return;
    const box = area.data as GeoArea;
    if (box.south > box.north || box.west > box.east) problems.push(`${at}.area must have south <= north and west <= east`);
    else if (centroid.success && !insideArea(centroid.data, box)) problems.push(`${at}.centroid must lie inside ${at}.area${got(item.centroid)}`);
    if (municipalityArea.success) {
      const outer = municipalityArea.data as GeoArea;
      const corners = [
        { latitude: box.south, longitude: box.west },
        { latitude: box.north, longitude: box.east },
      ];
      if (!corners.every((corner) => insideArea(corner, outer))) problems.push(`${at}.area must lie inside area${got(item.area)}`);
    }
  });
  return problems;
}

/**
 * Validates a parsed registry file against the subgraphs the supergraph routes per
 * municipality. Throws a RegistryError listing every problem at once.
 */
export function parseRegistry(input: unknown, options: { subgraphs: string[]; source?: string }): Registry {
  if (!isRecord(input) || !Array.isArray(input.municipalities)) {
    const shape = !isRecord(input) ? (Array.isArray(input) ? 'an array' : input === null ? 'null' : `a ${typeof input}`) : 'an object without it';
    throw new RegistryError(options.source, [`top level must be an object with a "municipalities" array (got ${shape})`]);
  }
  const raws: unknown[] = input.municipalities;
  const schema = entrySchema(options.subgraphs);

  const firstIndexByKey = new Map<string, number>();
  raws.forEach((raw, index) => {
    if (isRecord(raw) && typeof raw.key === 'string' && isMunicipalityKey(raw.key) && !firstIndexByKey.has(raw.key)) {
      firstIndexByKey.set(raw.key, index);
    }
  });

  const problems: string[] = [];
  const entries: MunicipalityEntry[] = [];
  raws.forEach((raw, index) => {
    const label = describeEntry(raw, index);
    const result = schema.safeParse(raw);
    const entryProblems = result.success ? [] : result.error.issues.map((issue) => problemOf(issue, raw));
    if (isRecord(raw)) entryProblems.push(...crossProblems(raw, index, options.subgraphs, firstIndexByKey));
    problems.push(...entryProblems.map((problem) => `${label}: ${problem}`));
    if (result.success) entries.push(result.data);
  });

  const settings = trustSettingsSchema.safeParse({ identityProviders: input.identityProviders, gateway: input.gateway });
  if (!settings.success) problems.push(...settings.error.issues.map((issue) => problemOf(issue, input)));
  else {
    const issuers = new Set(settings.data.identityProviders.map((provider) => provider.issuer));
    entries.forEach((entry, index) => {
      for (const issuer of entry.trustedIssuers ?? []) {
        if (!issuers.has(issuer)) problems.push(`${describeEntry(entry, index)}: trustedIssuers lists an issuer that identityProviders does not${got(issuer)}`);
      }
    });
  }
  if (problems.length) throw new RegistryError(options.source, problems);
  return createRegistry(entries, settings.data);
}

/** Reads and validates the registry file; a missing or unreadable file is a RegistryError too. */
export async function loadRegistry(path: string, options: { subgraphs: string[] }): Promise<Registry> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RegistryError(path, [code === 'ENOENT' ? 'file not found' : `file cannot be read (${code ?? String(error)})`]);
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    // V8's message may quote the file; keep only where the syntax breaks.
    const message = (error as Error).message;
    const line = /line (\d+) column (\d+)/.exec(message);
    const position = /at position (\d+)/.exec(message);
    const where = line ? ` (line ${line[1]}, column ${line[2]})` : position ? ` (at position ${position[1]})` : '';
    throw new RegistryError(path, [`file is not valid JSON${where}`]);
  }
  return parseRegistry(input, { subgraphs: options.subgraphs, source: path });
}

export interface WatchRegistryOptions {
  subgraphs: string[];
  onChange: (registry: Registry) => void;
  /** The file changed but cannot be used; the caller keeps serving the previous registry. */
  onError: (error: RegistryError) => void;
  debounceMs?: number;
  logger?: Logger;
}

/**
 * Re-reads the registry whenever its file changes. Watches the directory, not the file:
 * editors and deploy tools replace the file by rename, which ends a watch on the old inode.
 */
export function watchRegistry(path: string, options: WatchRegistryOptions): { close(): void } {
  const file = basename(path);
  const debounceMs = options.debounceMs ?? 100;
  const logger = options.logger ?? createLogger('gateway.registry');
  let timer: NodeJS.Timeout | undefined;
  let generation = 0;
  let closed = false;

  // A callback that throws must not become an unhandled rejection that ends the gateway.
  const deliver = (callback: () => void) => {
    try {
      callback();
    } catch (error) {
      logger.error('registry_callback_failed', { path, error: error instanceof Error ? error.message : String(error) });
    }
  };

  const reload = () => {
    timer = undefined;
    const current = ++generation;
    loadRegistry(path, { subgraphs: options.subgraphs }).then(
      (registry) => {
        // A slower earlier read must not overwrite a newer one.
        if (closed || current !== generation) return;
        logger.info('registry_reloaded', { path, municipalities: registry.municipalities.length });
        deliver(() => options.onChange(registry));
      },
      (error: unknown) => {
        if (closed || current !== generation) return;
        const registryError = error instanceof RegistryError ? error : new RegistryError(path, [String(error)]);
        logger.warn('registry_edit_refused', { path, problems: registryError.problems.length });
        deliver(() => options.onError(registryError));
      },
    );
  };

  const watcher: FSWatcher = watch(dirname(path), (_event, changed) => {
    // Some platforms do not name the file; then any change in the directory may be ours.
    if (closed || (changed !== null && changed !== file)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(reload, debounceMs);
  });
  watcher.on('error', (error) => {
    logger.error('registry_watch_failed', { path, error: error.message });
  });

  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
