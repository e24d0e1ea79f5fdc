// The development OpenID provider and its demo accounts (production uses a municipality's Keycloak).
export { demoAccounts, demoMunicipalityNames, demoPassword, type DemoAccount, type DemoRole } from './accounts.js';
export { loginWithPassword } from './client.js';
export { generateSigningKeys, loadOrCreateSigningKeys, type SigningKeys } from './keys.js';
export {
  defaultLoginClientIds,
  defaultRedirectUris,
  startLoginProvider,
  type LoginClient,
  type LoginProvider,
  type LoginProviderOptions,
} from './provider.js';
