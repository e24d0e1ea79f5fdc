// What the browser apps' end-to-end tests share of their setup: a login provider with the app's
// public client and the real stack (Hansestadt and Landkreis Lüneburg, demo data) trusting it.
import { type DemoAccount, generateSigningKeys, type LoginProvider, startLoginProvider } from '@kita/dev';
import { LocalTrust, TokenVerifier } from '@kita/shared';
import { city, landkreis, startTestStack, type TestStack } from '../../../gateway/test/support.js';

/**
 * Starts the login provider for `clientId` (redirecting to `appOrigin`/callback) and the stack,
 * whose gateway lets `appOrigin` call it, and `otherOrigins` too (another app the test opens, such
 * as the portal beside the workspace). `auth` is the stack's trust (its service keys), for a second
 * gateway in front of the same instances.
 */
export async function startLoginAndStack(options: {
  clientId: string;
  appOrigin: string;
  accounts: DemoAccount[];
  otherOrigins?: string[];
}): Promise<{ login: LoginProvider; stack: TestStack; auth: LocalTrust }> {
  const login = await startLoginProvider({
    port: 0,
    audience: 'kita-federation',
    keys: await generateSigningKeys(),
    accounts: options.accounts,
    clients: [{ clientId: options.clientId, redirectUris: [`${options.appOrigin}/callback`] }],
  });
  try {
    const auth = new LocalTrust([{ issuer: login.issuer, jwksUri: login.jwksUri, audience: 'kita-federation', algorithms: ['RS256'], parents: true }]);
    const stack = await startTestStack({
      municipalities: [city, landkreis],
      seed: true,
      facilitiesPerMunicipality: 30,
      auth,
      verifier: new TokenVerifier(auth),
      corsOrigins: [options.appOrigin, ...(options.otherOrigins ?? [])],
    });
    return { login, stack, auth };
  } catch (error) {
    await login.close();
    throw error;
  }
}
