import { runSubgraphMain } from '@kita/shared';
import { facilityModule } from './module.js';

await runSubgraphMain(facilityModule);
