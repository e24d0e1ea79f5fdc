import { parseArgs } from 'node:util';
import { authSettingsFrom, ConfigError, isMunicipalityKey, roles, signToken, tryParseId, type Role } from '@kita/shared';
import { loadDevEnv } from './config.js';

const usage = `npm run token -- --role <parent|provider|office|analyst> [options]

  --role          parent, provider, office or analyst
  --municipality  municipality key (AGS), repeatable; office and analyst scope
  --facility      facility ID (<ags>:<uuid>), repeatable; a provider's own facilities
  --subject       token subject (default: demo-<role>; demo parents are demo-parent-1 … demo-parent-40)
  --expires       lifetime, e.g. 8h, 30m (default 8h)

Prints a development bearer token signed with AUTH_SECRET (or the development secret).
Use it in Sandbox under Headers as:  Authorization: Bearer <token>`;

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

try {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      municipality: { type: 'string', multiple: true, default: [] },
      facility: { type: 'string', multiple: true, default: [] },
      subject: { type: 'string' },
      expires: { type: 'string', default: '8h' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const role = values.role as Role | undefined;
  if (!role || role === 'anonymous' || !roles.includes(role)) fail('--role must be parent, provider, office or analyst.');
  const municipalities = values.municipality.flatMap((value) => value.split(','));
  const bad = municipalities.filter((key) => !isMunicipalityKey(key));
  if (bad.length) fail(`Not a municipality key: ${bad.join(', ')} (5 or 8 digits, e.g. 03355022).`);
  if ((role === 'office' || role === 'analyst') && municipalities.length === 0) fail(`--role ${role} needs at least one --municipality.`);
  const badFacilities = values.facility.filter((id) => !tryParseId(id));
  if (badFacilities.length) fail(`Not a facility ID: ${badFacilities.join(', ')}.`);
  const env = loadDevEnv();
  const token = await signToken(authSettingsFrom(env, env.NODE_ENV), {
    role,
    subject: values.subject ?? `demo-${role}`,
    municipalities,
    facilities: values.facility,
    expiresIn: values.expires,
  });
  console.log(token);
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  fail(error instanceof Error ? error.message : String(error));
}
