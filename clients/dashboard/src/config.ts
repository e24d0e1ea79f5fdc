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

export async function loadConfig(): Promise<DashboardConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return { ...defaults, ...((await response.json()) as Partial<DashboardConfig>) };
}
