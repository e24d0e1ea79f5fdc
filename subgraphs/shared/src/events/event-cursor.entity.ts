import { BigIntType } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * How far a consumer has applied one owner's event stream, kept in the consumer's own database
 * and advanced in the same transaction as the projection it feeds.
 */
@Entity({ tableName: 'event_cursor' })
export class EventCursorEntity {
  /** The stream's stable name (the consumer's `name`), not its URL: an owner may move. */
  @PrimaryKey({ type: 'text' })
  source!: string;

  /** The `seq` of the last applied event; 0 before the first. */
  @Property({ type: new BigIntType('number') })
  position!: number;
}
