import {
  ageGroupSql,
  badInput,
  clientError,
  decodeCursor,
  ErrorCode,
  encodeCursor,
  isOfficeOf,
  localIdIn,
  type MunicipalityKey,
  placeholders,
  type Viewer,
} from '@kita/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireOwnMunicipality } from '../part/part.validation.js';
import { type ActedFor, requireReservationReader } from '../reservation/reservation.access.js';
import { ReservationEntity, ReservationStatus } from '../reservation/reservation.entity.js';
import { defaultQueueStatuses, type ReservationQueueArgs } from './queue.types.js';

export interface QueuePage {
  rows: Array<{ row: ReservationEntity; cursor: string }>;
  hasNextPage: boolean;
  totalCount: number;
}

/** The work queue of a municipality or a facility: the office's and providers' view of released choices. */
export class QueueService {
  constructor(
    private readonly em: EntityManager,
    private readonly municipality: MunicipalityKey,
  ) {}

  /** Which facilities (local IDs) the viewer may see the queue of; undefined for all (the office). `actedFor`: a provider's facilities. */
  private facilitiesFor(viewer: Viewer, facilityId: string | null | undefined, actedFor: ActedFor): string[] | undefined {
    requireReservationReader(viewer);
    const office = isOfficeOf(viewer, this.municipality);
    const provider = viewer.role === 'provider';
    if (facilityId) {
      const localId = localIdIn(this.municipality, facilityId, 'facilityId');
      if (!office && !(provider && actedFor.has(localId))) {
        throw clientError(ErrorCode.Forbidden, "Only the facility's providers and the office of its municipality see its queue.", {
          municipality: this.municipality,
        });
      }
      return [localId];
    }
    if (office) return undefined;
    if (provider) return [...actedFor];
    throw clientError(ErrorCode.Forbidden, 'Only providers and the office of the municipality see reservation queues.', { municipality: this.municipality });
  }

  async page(viewer: Viewer, args: ReservationQueueArgs, actedFor: ActedFor): Promise<QueuePage> {
    requireReservationReader(viewer);
    requireOwnMunicipality(args.municipality, this.municipality);
    const facilities = this.facilitiesFor(viewer, args.facilityId, actedFor);
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > 100) throw badInput('"first" must be between 1 and 100.', { argument: 'first' });
    let statuses = args.status?.length ? [...new Set(args.status)] : defaultQueueStatuses;
    // Drafts are not released for processing: only the office looks at them (for residence exceptions).
    if (!isOfficeOf(viewer, this.municipality)) statuses = statuses.filter((status) => status !== ReservationStatus.DRAFT);
    if (statuses.length === 0 || facilities?.length === 0) return { rows: [], hasNextPage: false, totalCount: 0 };

    const where = [`r.status in (${placeholders(statuses)})`];
    const params: unknown[] = [...statuses];
    if (facilities) {
      where.push(`r.facility_id in (${placeholders(facilities)})`);
      params.push(...facilities);
    }
    if (args.wishedStartFrom) {
      where.push('r.wished_start >= ?');
      params.push(args.wishedStartFrom);
    }
    if (args.wishedStartUntil) {
      where.push('r.wished_start <= ?');
      params.push(args.wishedStartUntil);
    }
    if (args.kindsOfCare?.length) {
      const kinds = [...new Set(args.kindsOfCare)];
      where.push(`r.facility_id in (select facility_id from facility_fact where kind in (${placeholders(kinds)}))`);
      params.push(...kinds);
    }
    if (args.ageGroups?.length) {
      const groups = [...new Set(args.ageGroups)];
      const months = '(extract(year from age(r.wished_start, r.child_birth_date)) * 12 + extract(month from age(r.wished_start, r.child_birth_date)))::int';
      where.push(`${ageGroupSql(months)} in (${placeholders(groups)})`);
      params.push(...groups);
    }
    const pageWhere = [...where];
    const pageParams = [...params];
    if (args.after) {
      const [queuedAt, id] = decodeCursor(args.after);
      if (typeof queuedAt !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(queuedAt)) || !/^[0-9a-f-]{36}$/.test(id)) {
        throw badInput('"after" is not a cursor returned by this API.', { argument: 'after' });
      }
      pageWhere.push('(coalesce(p.submitted_at, r.created_at), r.id) > (?::timestamptz, ?::uuid)');
      pageParams.push(queuedAt, id);
    }
    const from = 'from reservation r left join reservation_part p on p.id = r.part_id';
    // Oldest submission first (drafts by creation); the timestamp travels as text to keep its microseconds.
    const keys = await this.em.execute<Array<{ id: string; queued_at: string }>>(
      `select r.id, coalesce(p.submitted_at, r.created_at)::text as queued_at ${from} where ${pageWhere.join(' and ')}
       order by coalesce(p.submitted_at, r.created_at), r.id limit ?`,
      [...pageParams, args.first + 1],
    );
    const [{ count }] = await this.em.execute<Array<{ count: number }>>(`select count(*)::int as count ${from} where ${where.join(' and ')}`, params);
    const shown = keys.slice(0, args.first);
    const rows = shown.length ? await this.em.find(ReservationEntity, { id: { $in: shown.map((key) => key.id) } }) : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return {
      rows: shown.map((key) => ({ row: byId.get(key.id)!, cursor: encodeCursor([key.queued_at, key.id]) })),
      hasNextPage: keys.length > args.first,
      totalCount: count,
    };
  }
}
