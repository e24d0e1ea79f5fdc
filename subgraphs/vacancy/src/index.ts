export { vacancyModule } from './module.js';
export { VacancyEntity, HoursBand } from './vacancy/vacancy.entity.js';
