import type { Viewer } from '@kita/shared';

/** Per-request gateway context: the verified viewer and the header to forward. */
export interface GatewayContext {
  viewer: Viewer;
  authorization?: string;
}
