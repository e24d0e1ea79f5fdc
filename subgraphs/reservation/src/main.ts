import { runSubgraphMain } from '@kita/shared';
import { reservationModule } from './module.js';

await runSubgraphMain(reservationModule);
