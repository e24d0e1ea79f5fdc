import { runSubgraphMigrate } from '@kita/shared';
import { facilityModule } from './module.js';

// The migration step of a deployment: node subgraphs/facility/dist/migrate.js (DATABASE_URL), before main.js.
await runSubgraphMigrate(facilityModule);
