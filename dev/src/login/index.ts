// The development OpenID provider and its demo accounts (production uses a municipality's Keycloak).
export { type DemoAccount, type DemoRole, demoAccounts, demoMunicipalityNames, demoPassword } from './accounts.js';
export { loginWithPassword } from './client.js';
export { generateSigningKeys, loadOrCreateSigningKeys, type SigningKeys } from './keys.js';
export {
  defaultLoginClientIds,
  defaultRedirectUris,
  type LoginClient,
  type LoginProvider,
  type LoginProviderOptions,
  startLoginProvider,
} from './provider.js';
