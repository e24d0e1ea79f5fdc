import { BigIntType, OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One fact an owner subgraph publishes for others, written in the same transaction as the change
 * it describes (outbox). An owner adds this entity to its `entities` and the table to a migration.
 */
@Entity({ tableName: 'outbox_event' })
export class OutboxEventEntity {
  [OptionalProps]?: 'seq' | 'occurredAt';

  /** Position in the owner's stream (bigserial); consumers page and keep their cursor by it. */
  @PrimaryKey({ type: new BigIntType('number'), autoincrement: true })
  seq!: number;

  /** What happened, e.g. `VacancyPublished`. */
  @Property({ type: 'text' })
  type!: string;

  /** Local ID of the entity the event is about. */
  @Property({ type: 'uuid' })
  aggregateId!: string;

  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Property({ type: 'datetime' })
  occurredAt: Date = new Date();
}
