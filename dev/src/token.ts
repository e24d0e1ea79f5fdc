import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, isMunicipalityKey, type Role, roles } from '@kita/shared';
import { importJWK, SignJWT } from 'jose';
import { federationAudience, loadDevEnv } from './config.js';
import { demoAccounts, loadOrCreateSigningKeys } from './login/index.js';

const usage = `npm run token -- --user <demo account> | --role <parent|provider|office|analyst> [options]

  --user          a demo account of the embedded login, e.g. amt.lueneburg, eltern.neumann, kita.sonnenschein
  --role          parent, provider, office or analyst (without --user)
  --municipality  municipality key (AGS), repeatable; office and analyst scope
  --subject       token subject (default: demo-<role>; demo parents are demo-parent-1 … demo-parent-40)
  --expires       lifetime, e.g. 8h, 30m (default 8h)

Prints an access token as the embedded login of npm start issues it (same issuer and key), without
the login page: a developer shortcut. Refused with NODE_ENV=production. Who may act for a facility
is data (membership), not part of the token. Use it in Sandbox under Headers as:
  Authorization: Bearer <token>`;

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

try {
  const { values } = parseArgs({
    options: {
      user: { type: 'string' },
      role: { type: 'string' },
      municipality: { type: 'string', multiple: true, default: [] },
      subject: { type: 'string' },
      expires: { type: 'string', default: '8h' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const env = loadDevEnv();
  if (env.NODE_ENV === 'production') fail('npm run token is a development shortcut; in production tokens come from the OpenID provider.');
  const account = values.user ? demoAccounts.find((candidate) => candidate.username === values.user) : undefined;
  if (values.user && !account)
    fail(`No demo account ${JSON.stringify(values.user)}; known: ${demoAccounts.map((candidate) => candidate.username).join(', ')}.`);
  const role = (account?.role ?? values.role) as Role | undefined;
  if (!role || role === 'anonymous' || !roles.includes(role)) fail('--user or --role (parent, provider, office or analyst) is required.');
  const municipalities = account?.municipalities ?? values.municipality.flatMap((value) => value.split(','));
  const bad = municipalities.filter((key) => !isMunicipalityKey(key));
  if (bad.length) fail(`Not a municipality key: ${bad.join(', ')} (5 or 8 digits, e.g. 03355022).`);
  if ((role === 'office' || role === 'analyst') && municipalities.length === 0) fail(`--role ${role} needs at least one --municipality.`);
  const { keys } = await loadOrCreateSigningKeys(path.join(env.DATA_DIR, 'login', 'signing-keys.json'));
  const key = keys[0];
  const token = await new SignJWT({ role, municipalities })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid })
    .setSubject(account?.subject ?? values.subject ?? `demo-${role}`)
    .setIssuer(`http://localhost:${env.LOGIN_PORT}`)
    .setAudience(federationAudience)
    .setIssuedAt()
    .setExpirationTime(values.expires)
    .sign(await importJWK(key, 'RS256'));
  console.log(token);
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  fail(error instanceof Error ? error.message : String(error));
}
