/** What a municipality configures for its copy of the portal, in config.json beside index.html. */
export interface PortalConfig {
  /** The federation gateway's GraphQL endpoint. */
  gatewayUrl: string;
  /** The OpenID provider (issuer) parents log in at. */
  loginUrl: string;
  clientId: string;
  /** The municipality whose portal this is (AGS): its name heads the page and it is the default residence. */
  municipality: string;
  /** The municipalities searched by default (the city and its Landkreis, say); all when empty. */
  region: string[];
  /** A tile URL template for the map (e.g. basemap.de); without one the map shows markers on a plain ground. */
  tileUrl: string | null;
  tileAttribution: string | null;
  /** Choices a municipality takes per reservation, where it differs from 5. */
  maxChoices: Record<string, number>;
  theme: { primary: string; logoUrl: string | null };
}

const defaults: PortalConfig = {
  gatewayUrl: '/graphql',
  loginUrl: '',
  clientId: 'kita-portal',
  municipality: '',
  region: [],
  tileUrl: null,
  tileAttribution: null,
  maxChoices: {},
  theme: { primary: '#1d3c6e', logoUrl: null },
};

export async function loadConfig(): Promise<PortalConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const loaded = (await response.json()) as Partial<PortalConfig>;
  return { ...defaults, ...loaded, theme: { ...defaults.theme, ...loaded.theme } };
}

export const defaultMaxChoices = 5;

export function maxChoicesOf(config: PortalConfig, municipality: string): number {
  return config.maxChoices[municipality] ?? defaultMaxChoices;
}

/** Media URLs are paths on the gateway's origin. */
export function gatewayAsset(config: PortalConfig, path: string): string {
  return new URL(path, new URL(config.gatewayUrl, window.location.href)).toString();
}
