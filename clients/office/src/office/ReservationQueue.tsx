import { useMutation } from '@apollo/client/react';
import {
  type AgeGroup,
  DeskGrantResidenceExceptionDocument,
  DeskMakeOfferDocument,
  type DeskReservationRowFragment,
  DeskStartReviewDocument,
  type FacilityKind,
  type ReservationStatus,
} from '@kita/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWholeQueue } from './queue';
import { ageGroupOf, Button, dayFromToday, formatDay, formatMoment, Notice, SelectField, TextArea, TextField, useAction } from './ui';

// The queue of released Vormerkungen: filtered in the API by facility, status, wished start, kind of
// care and age group (the child's at its wished start), so that every page and the count match.

const statuses: ReservationStatus[] = ['DRAFT', 'SUBMITTED', 'IN_REVIEW', 'OFFERED', 'ACCEPTED', 'DECLINED', 'LAPSED', 'WITHDRAWN'];
// A residence exception is granted before the family releases its draft, or while the choice is open.
const exceptionStatuses: ReservationStatus[] = ['DRAFT', 'SUBMITTED', 'IN_REVIEW', 'OFFERED'];
const kindsOfCare: FacilityKind[] = ['KINDERTAGESSTAETTE', 'KINDERTAGESPFLEGE', 'GROSSTAGESPFLEGE'];
const ageGroups: AgeGroup[] = ['KRIPPE', 'KINDERGARTEN', 'SCHOOL_AGE'];

interface Filters {
  facilityId: string;
  status: string;
  from: string;
  until: string;
  kind: string;
  ageGroup: string;
}

const noFilters: Filters = { facilityId: '', status: '', from: '', until: '', kind: '', ageGroup: '' };

function Row({ row, municipality, onChanged }: { row: DeskReservationRowFragment; municipality: string; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const action = useAction();
  const [open, setOpen] = useState<'offer' | 'exception' | null>(null);
  const [deadline, setDeadline] = useState(dayFromToday(14));
  const [reason, setReason] = useState('');
  const [startReview] = useMutation(DeskStartReviewDocument);
  const [makeOffer] = useMutation(DeskMakeOfferDocument);
  const [grant] = useMutation(DeskGrantResidenceExceptionDocument);
  const child = row.part?.child;
  const livesElsewhere = row.part?.guardians.some((guardian) => guardian.address && guardian.address.residenceMunicipality !== municipality) ?? false;
  const idPart = row.id.split(':').pop()?.slice(0, 8) ?? row.id;

  const done = async (ok: boolean) => {
    if (!ok) return;
    setOpen(null);
    onChanged();
  };

  return (
    <li className="kern-card desk-card" data-status={row.status} data-reservation={row.id}>
      <div className="kern-card__container">
        <div className="kern-card__header">
          <h3 className="kern-title">{child ? `${child.firstName} ${child.lastName}` : t('office.queue.noName', { id: idPart })}</h3>
          <p className="kern-body">
            <span className={`kern-badge desk-status desk-status--${row.status.toLowerCase()}`}>{t(`office.status.${row.status}`)}</span>{' '}
            {t('office.queue.choice', { rank: row.rank ?? '–', facility: row.facility.name })}
          </p>
        </div>
        <div className="kern-card__body">
          <dl className="desk-facts">
            <div>
              <dt>{t('office.queue.wishedStart')}</dt>
              <dd>{formatDay(row.wishedStart, i18n.language)}</dd>
            </div>
            <div>
              <dt>{t('office.queue.care')}</dt>
              <dd>
                {t(`office.kind.${row.facility.kind}`)}, {t(`office.ageGroup.${ageGroupOf(row.childBirthDate, row.wishedStart)}`)},{' '}
                {t('office.queue.hours', { n: row.hoursPerWeek })}
              </dd>
            </div>
            <div>
              <dt>{t('office.queue.submitted')}</dt>
              <dd>{row.part?.submittedAt ? formatMoment(row.part.submittedAt, i18n.language) : t('office.queue.notYet')}</dd>
            </div>
            {row.offerDeadline ? (
              <div>
                <dt>{t('office.queue.deadline')}</dt>
                <dd>{formatDay(row.offerDeadline, i18n.language)}</dd>
              </div>
            ) : null}
          </dl>
          {row.facility.boundToResidence && livesElsewhere ? (
            <p className="kern-body desk-note">{row.residenceException ? t('office.queue.exceptionGranted') : t('office.queue.livesElsewhere')}</p>
          ) : null}
          {action.failure ? <Notice kind="danger">{action.failure}</Notice> : null}
          {open === 'offer' ? (
            <form
              className="desk-inline-form"
              onSubmit={(event) => {
                event.preventDefault();
                void action.run(() => makeOffer({ variables: { id: row.id, deadline } })).then(done);
              }}
            >
              <TextField
                id={`offer-${row.id}`}
                label={t('office.queue.offerDeadline')}
                hint={t('office.queue.offerDeadlineHint')}
                type="date"
                value={deadline}
                onChange={(event) => setDeadline(event.target.value)}
              />
              <div className="desk-buttons">
                <button type="submit" className="kern-btn kern-btn--primary" disabled={action.busy}>
                  <span className="kern-label">{t('office.queue.sendOffer')}</span>
                </button>
                <Button kind="secondary" onClick={() => setOpen(null)}>
                  {t('office.cancel')}
                </Button>
              </div>
            </form>
          ) : open === 'exception' ? (
            <form
              className="desk-inline-form"
              onSubmit={(event) => {
                event.preventDefault();
                void action.run(() => grant({ variables: { id: row.id, reason } })).then(done);
              }}
            >
              <TextArea
                id={`exception-${row.id}`}
                label={t('office.queue.exceptionReason')}
                hint={t('office.reasonHint')}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
              />
              <div className="desk-buttons">
                <button type="submit" className="kern-btn kern-btn--primary" disabled={action.busy}>
                  <span className="kern-label">{t('office.queue.grantException')}</span>
                </button>
                <Button kind="secondary" onClick={() => setOpen(null)}>
                  {t('office.cancel')}
                </Button>
              </div>
            </form>
          ) : (
            <div className="desk-buttons">
              {row.status === 'SUBMITTED' ? (
                <Button disabled={action.busy} onClick={() => void action.run(() => startReview({ variables: { id: row.id } })).then(done)}>
                  {t('office.queue.startReview')}
                </Button>
              ) : null}
              {row.status === 'IN_REVIEW' ? <Button onClick={() => setOpen('offer')}>{t('office.queue.makeOffer')}</Button> : null}
              {row.facility.boundToResidence && livesElsewhere && !row.residenceException && exceptionStatuses.includes(row.status) ? (
                <Button kind="secondary" onClick={() => setOpen('exception')}>
                  {t('office.queue.exception')}
                </Button>
              ) : null}
            </div>
          )}
        </div>
      </div>
    </li>
  );
}

export function ReservationQueue({ municipality }: { municipality: string }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Filters>(noFilters);
  const [filters, setFilters] = useState<Filters>(noFilters);
  const queue = useWholeQueue({
    municipality,
    facilityId: filters.facilityId || null,
    status: filters.status ? [filters.status as ReservationStatus] : null,
    wishedStartFrom: filters.from || null,
    wishedStartUntil: filters.until || null,
    kindsOfCare: filters.kind ? [filters.kind as FacilityKind] : null,
    ageGroups: filters.ageGroup ? [filters.ageGroup as AgeGroup] : null,
  });
  // The facilities met in the whole open queue, for the facility filter.
  const all = useWholeQueue({ municipality });
  const facilities = new Map<string, string>();
  for (const row of all.rows) facilities.set(row.facility.id, row.facility.name);

  const rows = queue.rows;
  const set = (key: keyof Filters) => (value: string) => setDraft({ ...draft, [key]: value });

  return (
    <section aria-labelledby="queue-title">
      <h1 className="kern-heading-large" id="queue-title">
        {t('office.queue.title')}
      </h1>
      <form
        className="desk-filters"
        aria-label={t('office.queue.filters')}
        onSubmit={(event) => {
          event.preventDefault();
          setFilters(draft);
        }}
      >
        <SelectField id="q-facility" label={t('office.queue.facility')} value={draft.facilityId} onChange={set('facilityId')}>
          <option value="">{t('office.all')}</option>
          {[...facilities].map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </SelectField>
        <SelectField id="q-status" label={t('office.queue.status')} value={draft.status} onChange={set('status')}>
          <option value="">{t('office.queue.open')}</option>
          {statuses.map((status) => (
            <option key={status} value={status}>
              {t(`office.status.${status}`)}
            </option>
          ))}
        </SelectField>
        <TextField id="q-from" label={t('office.queue.from')} type="date" value={draft.from} onChange={(event) => set('from')(event.target.value)} />
        <TextField id="q-until" label={t('office.queue.until')} type="date" value={draft.until} onChange={(event) => set('until')(event.target.value)} />
        <SelectField id="q-kind" label={t('office.queue.kind')} value={draft.kind} onChange={set('kind')}>
          <option value="">{t('office.all')}</option>
          {kindsOfCare.map((kind) => (
            <option key={kind} value={kind}>
              {t(`office.kind.${kind}`)}
            </option>
          ))}
        </SelectField>
        <SelectField id="q-age" label={t('office.queue.ageGroup')} value={draft.ageGroup} onChange={set('ageGroup')}>
          <option value="">{t('office.all')}</option>
          {ageGroups.map((group) => (
            <option key={group} value={group}>
              {t(`office.ageGroup.${group}`)}
            </option>
          ))}
        </SelectField>
        <div className="desk-buttons desk-filters__buttons">
          <button type="submit" className="kern-btn kern-btn--primary">
            <span className="kern-label">{t('office.queue.apply')}</span>
          </button>
          <Button
            kind="tertiary"
            onClick={() => {
              setDraft(noFilters);
              setFilters(noFilters);
            }}
          >
            {t('office.queue.reset')}
          </Button>
        </div>
      </form>
      {queue.failed ? <Notice kind="danger">{t('office.errors.generic')}</Notice> : null}
      <h2 className="kern-heading-medium" aria-live="polite">
        {queue.loading ? t('office.loading') : t('office.queue.count', { count: rows.length })}
      </h2>
      <ol className="desk-list">
        {rows.map((row) => (
          <Row key={row.id} row={row} municipality={municipality} onChanged={() => void Promise.all([queue.refetch(), all.refetch()])} />
        ))}
      </ol>
    </section>
  );
}
