export * from './consumer.js';
export * from './event.js';
export * from './event-cursor.entity.js';
export * from './events-route.js';
export * from './outbox.js';
export * from './outbox-event.entity.js';
