import { runSubgraphMigrate } from '@kita/shared';
import { vacancyModule } from './module.js';

// The migration step of a deployment: node subgraphs/vacancy/dist/migrate.js (DATABASE_URL), before main.js.
await runSubgraphMigrate(vacancyModule);
