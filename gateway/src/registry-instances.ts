import {
  gatewayPrincipal,
  type RegistryInstances,
  type RouteHandler,
  registryInstancesPath,
  sendJson,
  type TokenVerifier,
  verifyServiceToken,
} from '@kita/core';
import type { Tenancy } from './tenancy/tenancy.js';

export { registryInstancesPath };

/**
 * `/registry/instances`: every active municipality's subgraph URLs, which each instance reads to
 * find its own municipality's other subgraphs and the other municipalities' instances. Internal
 * addresses, so only a registered municipality's service token (addressed to the gateway, signed
 * with its own key) gets them; anyone else gets 401/403 and nothing.
 */
export function registryInstancesRoute(options: { tenancy: Tenancy; verifier: TokenVerifier }): RouteHandler {
  return async (request, response) => {
    const check = await verifyServiceToken(options.verifier, request.headers.authorization);
    if (!check.ok) return sendJson(response, check.status, { error: { code: check.code, message: check.message } });
    const registry = options.tenancy.registry();
    if (check.principal === gatewayPrincipal || !registry.municipalities.some((entry) => entry.key === check.principal)) {
      return sendJson(response, 403, { error: { code: 'FORBIDDEN', message: 'Only a municipality of the registry may read its instances.' } });
    }
    const body: RegistryInstances = { municipalities: registry.active().map((entry) => ({ key: entry.key, subgraphs: entry.subgraphs })) };
    sendJson(response, 200, body);
  };
}
