import { loadAppConfig } from '@kita/app-shell/start';

/** What a municipality (or a region) configures for its copy of the workspace, in config.json beside index.html. */
export interface OfficeConfig {
  /** The federation gateway's GraphQL endpoint. */
  gatewayUrl: string;
  /** The OpenID provider (issuer) providers and office staff log in at, and the workspace's public client. */
  loginUrl: string;
  clientId: string;
  /** The parent portal, for "see the public page" links (its /einrichtung/<id>); none when empty. */
  portalUrl: string;
  /**
   * A Photon- or Nominatim-compatible address search, as the portal's `geocoderUrl` (the same service
   * serves both): a provider finds the facility's address and location from it. Null: coordinates by hand.
   */
  geocoderUrl: string | null;
}

const defaults: OfficeConfig = { gatewayUrl: '/graphql', loginUrl: '', clientId: 'kita-office', portalUrl: '', geocoderUrl: null };

export const loadConfig = (): Promise<OfficeConfig> => loadAppConfig(defaults);
