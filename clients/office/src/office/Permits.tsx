import { useMutation, useQuery } from '@apollo/client/react';
import { DeskFacilitiesDocument, type DeskFacilityRowFragment, DeskPermitsLapsingDocument, DeskRecordPermitDocument } from '@kita/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, dayFromToday, daysUntil, formatDay, Notice, TextField, useAction } from './ui';

// Pflegeerlaubnis (§43 SGB VIII) of every Kindertagespflege and Großtagespflege of the
// municipality: record a new one, renew one, and see 60 days ahead which lapse.

const warnDays = 60;

function PermitForm({ facility, onDone }: { facility: DeskFacilityRowFragment; onDone: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [record] = useMutation(DeskRecordPermitDocument);
  const [number, setNumber] = useState(facility.permit?.number ?? '');
  const [issuedOn, setIssuedOn] = useState(dayFromToday(0));
  const [validUntil, setValidUntil] = useState(dayFromToday(5 * 365 - 2));
  const [maxChildren, setMaxChildren] = useState(String(facility.permit?.maxChildren ?? (facility.kind === 'GROSSTAGESPFLEGE' ? 8 : 5)));
  const prefix = `permit-${facility.id}`;
  return (
    <form
      className="desk-inline-form"
      aria-label={t('office.permits.formFor', { name: facility.name })}
      onSubmit={(event) => {
        event.preventDefault();
        void action
          .run(() => record({ variables: { facilityId: facility.id, input: { number, issuedOn, validUntil, maxChildren: Number(maxChildren) } } }))
          .then((ok) => ok && onDone());
      }}
    >
      <TextField id={`${prefix}-number`} label={t('office.permits.number')} value={number} onChange={(event) => setNumber(event.target.value)} required />
      <TextField
        id={`${prefix}-issued`}
        label={t('office.permits.issuedOn')}
        type="date"
        value={issuedOn}
        onChange={(event) => setIssuedOn(event.target.value)}
      />
      <TextField
        id={`${prefix}-until`}
        label={t('office.permits.validUntilLabel')}
        hint={t('office.permits.validUntilHint')}
        type="date"
        value={validUntil}
        onChange={(event) => setValidUntil(event.target.value)}
      />
      <TextField
        id={`${prefix}-max`}
        label={t('office.permits.maxChildren')}
        type="number"
        inputMode="numeric"
        min={1}
        max={10}
        value={maxChildren}
        onChange={(event) => setMaxChildren(event.target.value)}
      />
      {action.failure ? <Notice kind="danger">{action.failure}</Notice> : null}
      <div className="desk-buttons">
        <button type="submit" className="kern-btn kern-btn--primary" disabled={action.busy}>
          <span className="kern-label">{t('office.permits.save')}</span>
        </button>
        <Button kind="secondary" onClick={onDone}>
          {t('office.cancel')}
        </Button>
      </div>
    </form>
  );
}

export function Permits({ municipality }: { municipality: string }) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const { data, loading, refetch } = useQuery(DeskFacilitiesDocument, {
    variables: {
      municipality,
      filter: { kinds: ['KINDERTAGESPFLEGE', 'GROSSTAGESPFLEGE'], publicationStatuses: ['DRAFT', 'SUBMITTED', 'PUBLISHED', 'REJECTED', 'SUSPENDED'] },
    },
    fetchPolicy: 'cache-and-network',
  });
  const facilities = (data?.facilities?.edges.map((edge) => edge.node) ?? []).slice().sort((a, b) => {
    const left = a.permit ? daysUntil(a.permit.validUntil) : -Infinity;
    const right = b.permit ? daysUntil(b.permit.validUntil) : -Infinity;
    return left - right;
  });
  // The warning comes from the API's own rule (lapsed, or lapsing within 60 days).
  const warnings = useQuery(DeskPermitsLapsingDocument, { variables: { municipality, withinDays: warnDays }, fetchPolicy: 'cache-and-network' });
  const lapsing = warnings.data?.permitsLapsing ?? [];

  return (
    <section aria-labelledby="permits-title">
      <h1 className="kern-heading-large" id="permits-title">
        {t('office.permits.title')}
      </h1>
      <p className="kern-body">{t('office.permits.intro')}</p>
      {lapsing.length ? (
        <Notice kind="warning" title={t('office.permits.lapsingTitle', { count: lapsing.length, days: warnDays })}>
          <ul>
            {lapsing.map((facility) => (
              <li key={facility.id}>
                {facility.name}:{' '}
                {facility.permit && daysUntil(facility.permit.validUntil) < 0
                  ? t('office.permits.lapsedOn', { date: formatDay(facility.permit.validUntil, i18n.language) })
                  : t('office.permits.lapsesIn', {
                      date: formatDay(facility.permit?.validUntil, i18n.language),
                      count: daysUntil(facility.permit?.validUntil ?? ''),
                    })}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {loading && !data ? <p role="status">{t('office.loading')}</p> : null}
      <ul className="desk-list">
        {facilities.map((facility) => {
          const left = facility.permit ? daysUntil(facility.permit.validUntil) : null;
          return (
            <li key={facility.id} className="kern-card desk-card">
              <div className="kern-card__container">
                <div className="kern-card__header">
                  <h2 className="kern-title">{facility.name}</h2>
                  <p className="kern-body desk-muted">
                    {t(`office.kind.${facility.kind}`)} · {t(`office.publication.${facility.publicationStatus}`)}
                  </p>
                </div>
                <div className="kern-card__body">
                  <p className="kern-body">
                    {facility.permit
                      ? t('office.permits.current', {
                          number: facility.permit.number,
                          until: formatDay(facility.permit.validUntil, i18n.language),
                          max: facility.permit.maxChildren,
                        })
                      : t('office.permits.none')}
                    {left !== null && left < 0 ? ` ${t('office.permits.lapsed')}` : ''}
                    {left !== null && left >= 0 && left <= warnDays ? ` ${t('office.permits.soon', { count: left })}` : ''}
                  </p>
                  {editing === facility.id ? (
                    <PermitForm
                      facility={facility}
                      onDone={() => {
                        setEditing(null);
                        void Promise.all([refetch(), warnings.refetch()]);
                      }}
                    />
                  ) : (
                    <Button kind={facility.permit ? 'secondary' : 'primary'} onClick={() => setEditing(facility.id)}>
                      {facility.permit ? t('office.permits.renew') : t('office.permits.record')}
                      <span className="visually-hidden">: {facility.name}</span>
                    </Button>
                  )}
                </div>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
