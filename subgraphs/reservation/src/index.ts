export { reservationModule } from './module.js';
export { ReservationEntity, ReservationStatus } from './reservation/reservation.entity.js';
