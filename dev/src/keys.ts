import { parseArgs } from 'node:util';
import { gatewayPrincipal, generateServiceKey, isMunicipalityKey } from '@kita/shared';

const usage = `npm run keys -- --municipality <AGS> | --gateway

Makes a new ES256 service key pair: the private key for the deployable's SERVICE_KEY (keep it
secret, one per municipality or gateway), and the public key for the registry, where the other
municipalities and the gateway look it up. Rotate by adding the new public key to the registry's
"keys" list first, then switching SERVICE_KEY, then removing the old public key.`;

const { values } = parseArgs({
  options: { municipality: { type: 'string' }, gateway: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
});
if (values.help || (!values.municipality && !values.gateway) || (values.municipality && values.gateway)) {
  console.log(usage);
  process.exit(values.help ? 0 : 2);
}
if (values.municipality && !isMunicipalityKey(values.municipality)) {
  console.error(`Not a municipality key (5 or 8 digits, e.g. 03355022).\n\n${usage}`);
  process.exit(2);
}
const principal = values.gateway ? gatewayPrincipal : values.municipality!;
const { privateJwk, publicJwk } = await generateServiceKey(principal);
const where = values.gateway ? 'the top-level "gateway"' : `the entry of ${principal}`;
console.log(`# The deployable's environment (secret):
SERVICE_KEY='${JSON.stringify(privateJwk)}'

# The registry, in ${where} (public):
"serviceKeys": ${JSON.stringify({ jwks: { keys: [publicJwk] } }, null, 2)}`);
