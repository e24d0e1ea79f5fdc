import { newLocalId } from '@kita/shared';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * A wrong take-over code a parent account tried: the attempt limit counts them per account over
 * the last day (see `takeoverLimits`). Holds no code, only who and when; older rows are removed
 * with the account's next wrong try.
 */
@Entity({ tableName: 'takeover_attempt' })
@Index({ properties: ['subject', 'at'] })
export class TakeoverAttemptEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = newLocalId();

  @Property({ type: 'text' })
  subject!: string;

  @Property({ type: 'datetime' })
  at: Date = new Date();
}
