import type { Logger, Viewer } from '@kita/core';
import type { MunicipalityKey } from '@kita/schema';
import type { EntityManager } from '@mikro-orm/postgresql';

/** What every subgraph resolver gets: a request-scoped ORM fork, the viewer and loaders. */
export interface SubgraphContext<Loaders = unknown> {
  em: EntityManager;
  viewer: Viewer;
  /** The calling service when the request carries a valid service token (`gateway` for the gateway). */
  service?: string;
  /** The municipality this instance serves. */
  municipality: MunicipalityKey;
  loaders: Loaders;
  /** The request's id (`x-request-id`, as the gateway sent it); on every log line of the request. */
  requestId: string;
  /** The instance's logger with this request's id. */
  logger: Logger;
}
