import { type RouteHandler, sendJson } from '@kita/core';
import type { Tenancy } from './tenancy/tenancy.js';

/**
 * `/ready`: the gateway can serve once its supergraph is loaded and it has a registry (a failed
 * reload keeps the last good one). Municipalities that are down are never a reason: behind a
 * load balancer one municipality would take every gateway replica out of rotation. Their state
 * is on `/status`.
 */
export function readyRoute(options: { tenancy: Tenancy; supergraphLoaded: () => boolean }): RouteHandler {
  return (_request, response) => {
    const { registry, instances } = options.tenancy.status();
    const ready = options.supergraphLoaded();
    sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'starting', registry, instances });
  };
}

/** `/status`: each municipality's instances (schema check, circuit, last error) as JSON, or as a table for a browser. */
export function statusRoute(tenancy: Tenancy): RouteHandler {
  return (request, response) => {
    const status = tenancy.status();
    if (!request.headers.accept?.includes('text/html')) return sendJson(response, 200, status);
    const rows = status.municipalities.flatMap((municipality) =>
      Object.entries(municipality.subgraphs).map(
        ([subgraph, instance]) =>
          `<tr><td>${escapeHtml(municipality.key)} ${escapeHtml(municipality.name)}${municipality.active ? '' : ' (inactive)'}</td><td>${subgraph}</td><td>${instance.state}</td>` +
          `<td>${instance.schema}</td><td>${instance.circuit}</td><td>${instance.lastError ? `${instance.lastError.reason} at ${instance.lastError.at}` : ''}</td><td>${escapeHtml(instance.url)}</td></tr>`,
      ),
    );
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><meta charset="utf-8"><title>Kita federation: status</title><h1>Instances: ${status.instances.ok} of ${status.instances.active} ok</h1>` +
        `<table><tr><th>municipality</th><th>subgraph</th><th>state</th><th>schema</th><th>circuit</th><th>last error</th><th>url</th></tr>${rows.join('')}</table>`,
    );
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
