import { runSubgraphMain } from '@kita/shared';
import { vacancyModule } from './module.js';

await runSubgraphMain(vacancyModule);
