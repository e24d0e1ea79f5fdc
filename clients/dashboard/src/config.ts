import { loadAppConfig } from '@kita/app-shell/start';

/** What a region configures for its copy of the dashboard, in config.json beside index.html. */
export interface DashboardConfig {
  /** The federation gateway's GraphQL endpoint. */
  gatewayUrl: string;
  /** The OpenID provider (issuer) planners log in at, and the dashboard's public client. */
  loginUrl: string;
  clientId: string;
  /** The municipalities shown (AGS); every municipality the planner's token lists when empty. */
  region: string[];
  /** The heading of the overview. */
  regionName: string;
}

const defaults: DashboardConfig = { gatewayUrl: '/graphql', loginUrl: '', clientId: 'kita-dashboard', region: [], regionName: '' };

export const loadConfig = (): Promise<DashboardConfig> => loadAppConfig(defaults);
