import { loadAppConfig } from '@kita/app-shell/start';

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
  /**
   * A Photon- or Nominatim-compatible address search (e.g. the municipality's or basemap.de's); the
   * address field suggests from it as the parent types. Null: no address field, "near me" only.
   */
  geocoderUrl: string | null;
  /**
   * Overrides the municipality's theme from the registry (`Municipality.theme`); null: the registry's.
   * A colour white text does not read on (WCAG AA) is darkened until it does.
   */
  theme: { primary: string | null; logoUrl: string | null };
}

const defaults: PortalConfig = {
  gatewayUrl: '/graphql',
  loginUrl: '',
  clientId: 'kita-portal',
  municipality: '',
  region: [],
  tileUrl: null,
  tileAttribution: null,
  geocoderUrl: null,
  theme: { primary: null, logoUrl: null },
};

export async function loadConfig(): Promise<PortalConfig> {
  const loaded = await loadAppConfig(defaults);
  return { ...loaded, theme: { ...defaults.theme, ...loaded.theme } };
}

/** Media URLs are paths on the gateway's origin. */
export function gatewayAsset(config: PortalConfig, path: string): string {
  return new URL(path, new URL(config.gatewayUrl, window.location.href)).toString();
}
