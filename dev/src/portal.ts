// Serves a browser app's static build (the parent portal's clients/portal/dist, the workspace of
// providers and the office's clients/office/dist, the regional dashboard's clients/dashboard/dist)
// with its run-time config.json, as any web server of a municipality would: files as they are,
// index.html for the app's own paths.
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

/** Where `npm run build -w @kita/portal` leaves the portal. */
export const portalDist = fileURLToPath(new URL('../../clients/portal/dist', import.meta.url));
/** Where `npm run build -w @kita/office` leaves the workspace of providers and the office. */
export const officeDist = fileURLToPath(new URL('../../clients/office/dist', import.meta.url));
/** Where `npm run build -w @kita/dashboard` leaves the regional dashboard. */
export const dashboardDist = fileURLToPath(new URL('../../clients/dashboard/dist', import.meta.url));

/** The dashboard's run-time configuration (clients/dashboard/src/config.ts reads it). */
export interface DashboardRuntimeConfig {
  gatewayUrl: string;
  loginUrl: string;
  clientId: string;
  region: string[];
  regionName: string;
}

/** The workspace's run-time configuration (clients/office/src/config.ts reads it). */
export interface OfficeRuntimeConfig {
  gatewayUrl: string;
  loginUrl: string;
  clientId: string;
  /** The parent portal, for links to a facility's public page; empty when none. */
  portalUrl: string;
  /** The address search providers take a facility's address and location from (as the portal's); null or absent: none. */
  geocoderUrl?: string | null;
}

/** The portal's run-time configuration (clients/portal/src/config.ts reads it). */
export interface PortalRuntimeConfig {
  gatewayUrl: string;
  loginUrl: string;
  clientId: string;
  municipality: string;
  region: string[];
  tileUrl: string | null;
  tileAttribution: string | null;
  /** A Photon- or Nominatim-compatible address search; null or absent: no address field. */
  geocoderUrl?: string | null;
  /** Overrides the registry's theme of the municipality; null: the registry's. */
  theme: { primary: string | null; logoUrl: string | null };
}

export interface PortalServer {
  url: string;
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** Starts a static server for an app's build (the portal's unless `dist` says otherwise); `config` is served as /config.json. */
export async function servePortal(options: {
  port: number;
  host?: string;
  config: (origin: string) => PortalRuntimeConfig | OfficeRuntimeConfig | DashboardRuntimeConfig;
  dist?: string;
  /** Further handlers by path (the development geocoder at /geocoder/api), served beside the files. */
  routes?: Record<string, (req: IncomingMessage, res: ServerResponse) => void>;
}): Promise<PortalServer> {
  const dist = options.dist ?? portalDist;
  if (!existsSync(`${dist}/index.html`)) throw new Error(`No build at ${dist}: run npm run build first`);
  const files = sirv(dist, {
    single: true,
    etag: true,
    dev: false,
    setHeaders: (res, path) => {
      // Hashed assets forever; index.html always fresh, so a new build is seen at once.
      res.setHeader('cache-control', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  let origin = '';
  const server: Server = createServer((req, res) => {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    if (req.url?.split('?')[0] === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(options.config(origin)));
      return;
    }
    const route = options.routes?.[req.url?.split('?')[0] ?? ''];
    if (route) {
      route(req, res);
      return;
    }
    files(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found');
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://localhost:${port}`;
  return {
    url: `${origin}/`,
    origin,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
