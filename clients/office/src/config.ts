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

export async function loadConfig(): Promise<OfficeConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return { ...defaults, ...((await response.json()) as Partial<OfficeConfig>) };
}
