import { runSubgraphMigrate } from '@kita/shared';
import { reservationModule } from './module.js';

// The migration step of a deployment: node subgraphs/reservation/dist/migrate.js (DATABASE_URL), before main.js.
await runSubgraphMigrate(reservationModule);
