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
}

const defaults: OfficeConfig = { gatewayUrl: '/graphql', loginUrl: '', clientId: 'kita-office', portalUrl: '' };

export const loadConfig = (): Promise<OfficeConfig> => loadAppConfig(defaults);
