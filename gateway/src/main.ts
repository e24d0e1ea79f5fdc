import { readFile } from 'node:fs/promises';
import { authSettingsFrom, createLogger, TokenVerifier } from '@kita/shared';
import { supergraphPath } from '@kita/schema';
import { loadGatewayEnv, subgraphUrlOverrides } from './config.js';
import { startGateway } from './gateway.js';

// Entry point of a deployed gateway (stateless; run as many replicas as needed).
const env = loadGatewayEnv();
const logger = createLogger('gateway');
const development = env.NODE_ENV !== 'production';
const gateway = await startGateway({
  supergraphSdl: await readFile(env.SUPERGRAPH_PATH ?? supergraphPath, 'utf8'),
  subgraphUrls: subgraphUrlOverrides(env),
  verifier: new TokenVerifier(authSettingsFrom(env, env.NODE_ENV)),
  port: env.PORT,
  host: env.HOST,
  introspection: env.INTROSPECTION ?? development,
  landingPage: env.LANDING_PAGE ?? development,
  logger,
});
logger.info('listening', { url: gateway.url });
const stop = async () => {
  await gateway.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
