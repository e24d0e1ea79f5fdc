export * from './event.js';
export * from './outbox-event.entity.js';
export * from './outbox.js';
export * from './events-route.js';
export * from './event-cursor.entity.js';
export * from './consumer.js';
