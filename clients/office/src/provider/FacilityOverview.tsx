import { useMutation } from '@apollo/client/react';
import { Link, useRouter } from '@kita/app-shell/router';
import { type FacilityKind, MyFacilitiesDocument, SubmitFacilityDocument } from '@kita/sdk';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, errorArgument, errorText, InfoNotice, SuccessNotice } from '../components/notices';
import { daysUntil } from '../components/status';
import { useWorkspace } from '../context';
import { formatDate, formatDateTime } from '../i18n';
import type { ProviderFacility } from './FacilityArea';
import { facilityPath } from './paths';

const kindsWithPermit: FacilityKind[] = ['KINDERTAGESPFLEGE', 'GROSSTAGESPFLEGE'];

/** The Pflegeerlaubnis in one line: none yet, valid until, lapsing soon, lapsed. Nothing for a Kita. */
export function PermitLine({ kind, permit }: { kind: FacilityKind; permit?: { number: string; validUntil: string; maxChildren: number } | null }) {
  const { t, i18n } = useTranslation();
  if (!kindsWithPermit.includes(kind)) return null;
  if (!permit)
    return (
      <p className="permit-line" data-state="none">
        {t('provider.permit.none')}
      </p>
    );
  const days = daysUntil(permit.validUntil);
  const state = days < 0 ? 'lapsed' : days <= 60 ? 'lapsing' : 'valid';
  return (
    <p className="permit-line" data-state={state}>
      {t(`provider.permit.${state}`, { date: formatDate(permit.validUntil, i18n.language), days, max: permit.maxChildren })}
    </p>
  );
}

/** Where the profile stands: what happens next, the office's reason, the permit, a waiting edit, the steps so far. */
export function FacilityOverview({ facility, reload }: { facility: ProviderFacility; reload: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const { config } = useWorkspace();
  const { location } = useRouter();
  const [submit, submitting] = useMutation(SubmitFacilityDocument, { refetchQueries: [MyFacilitiesDocument] });
  const [failure, setFailure] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const status = facility.publicationStatus;
  const history = facility.history ?? [];
  const rejection = status === 'REJECTED' ? [...history].reverse().find((step) => step.toStatus === 'REJECTED') : undefined;
  const needsPermit = kindsWithPermit.includes(facility.kind);
  const isNew = new URLSearchParams(location.search).has('neu');

  const send = async () => {
    setFailure(null);
    setSubmitted(false);
    try {
      await submit({ variables: { id: facility.id } });
      setSubmitted(true);
      await reload();
    } catch (error) {
      setFailure(errorArgument(error) === 'permit' ? t('provider.submit.needsPermit') : errorText(t, error));
    }
  };

  return (
    <div className="overview">
      {isNew && status === 'DRAFT' ? <SuccessNotice>{t('provider.registered')}</SuccessNotice> : null}
      <section className="panel" aria-labelledby="overview-status">
        <h2 id="overview-status">{t('provider.overview.status')}</h2>
        <p>{t(`provider.overview.explain.${status}`)}</p>
        {rejection?.reason ? (
          <div className="kern-alert kern-alert--warning">
            <div className="kern-alert__header">
              <span className="kern-title kern-title--small">{t('provider.overview.reason')}</span>
            </div>
            <div className="kern-alert__body">
              <p className="kern-body rejection-reason">{rejection.reason}</p>
            </div>
          </div>
        ) : null}
        {status === 'DRAFT' || status === 'REJECTED' ? (
          <>
            <p>{t(needsPermit ? 'provider.submit.explainPermit' : 'provider.submit.explain')}</p>
            {failure ? <ErrorNotice>{failure}</ErrorNotice> : null}
            <div className="actions">
              <button type="button" className="kern-btn kern-btn--primary" disabled={submitting.loading} onClick={() => void send()}>
                <span className="kern-label">{t('provider.submit.button')}</span>
              </button>
              <Link to={facilityPath(facility.id, 'profil')} className="kern-btn kern-btn--secondary">
                <span className="kern-label">{t('provider.overview.edit')}</span>
              </Link>
              <Link to={facilityPath(facility.id, 'fotos')} className="kern-btn kern-btn--secondary">
                <span className="kern-label">{t('provider.overview.photos')}</span>
              </Link>
            </div>
          </>
        ) : null}
        {submitted && status === 'SUBMITTED' ? <SuccessNotice>{t('provider.submit.done')}</SuccessNotice> : null}
        {status === 'PUBLISHED' && config.portalUrl ? (
          <p>
            <a href={new URL(`einrichtung/${encodeURIComponent(facility.id)}`, config.portalUrl).toString()}>{t('provider.overview.public')}</a>
          </p>
        ) : null}
      </section>

      {needsPermit ? (
        <section className="panel" aria-labelledby="overview-permit">
          <h2 id="overview-permit">{t('provider.permit.title')}</h2>
          <PermitLine kind={facility.kind} permit={facility.permit} />
          {facility.permit ? (
            <dl className="facts">
              <dt>{t('provider.permit.number')}</dt>
              <dd>{facility.permit.number}</dd>
              <dt>{t('provider.permit.issuedOn')}</dt>
              <dd>{formatDate(facility.permit.issuedOn, i18n.language)}</dd>
              <dt>{t('provider.permit.validUntil')}</dt>
              <dd>{formatDate(facility.permit.validUntil, i18n.language)}</dd>
              <dt>{t('provider.permit.maxChildren')}</dt>
              <dd>{facility.permit.maxChildren}</dd>
            </dl>
          ) : (
            <p className="muted">{t('provider.permit.howTo')}</p>
          )}
        </section>
      ) : null}

      {facility.pendingRevision ? <PendingRevision revision={facility.pendingRevision} /> : <RevisionDecision facility={facility} />}

      <section className="panel" aria-labelledby="overview-places">
        <h2 id="overview-places">{t('provider.places.title')}</h2>
        <p>
          {facility.freePlacesNow === null || facility.freePlacesNow === undefined
            ? t('provider.places.unknown')
            : t('provider.places.summary', { now: facility.freePlacesNow, later: facility.freePlacesLater ?? 0 })}
        </p>
        <p>
          <Link to={facilityPath(facility.id, 'plaetze')}>{t('provider.places.manage')}</Link>
        </p>
      </section>

      {history.length > 0 ? (
        <section className="panel" aria-labelledby="overview-history">
          <h2 id="overview-history">{t('provider.history.title')}</h2>
          <ol className="history">
            {history.map((step) => (
              <li key={`${step.at}-${step.toStatus}`}>
                <time dateTime={step.at}>{formatDateTime(step.at, i18n.language)}</time>: {t(`provider.history.${step.actorRole}`)} –{' '}
                {step.fromStatus === step.toStatus ? t('provider.history.changed') : t(`publication.${step.toStatus}`)}
                {step.reason ? ` (${historyReason(t, step.reason)})` : ''}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}

/** The recorded reasons of automatic steps in words; the office's own reasons as written. */
const recordedReasons: Record<string, string> = {
  'permit lapsed': 'permitLapsed',
  'permit recorded': 'permitRecorded',
  'profile updated': 'profileUpdated',
  'revision approved': 'revisionApproved',
};

function historyReason(t: TFunction, reason: string) {
  const key = recordedReasons[reason];
  return key ? t(`provider.history.reasons.${key}`) : reason;
}

/** The published profile's edit that waits for the office: field by field, what families see now and what comes. */
export function PendingRevision({ revision }: { revision: NonNullable<ProviderFacility['pendingRevision']> }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="panel pending-revision" aria-labelledby="pending-revision">
      <h2 id="pending-revision">{t('provider.revision.title')}</h2>
      <InfoNotice>
        <p>{t('provider.revision.explain', { date: formatDateTime(revision.submittedAt, i18n.language) })}</p>
      </InfoNotice>
      <table className="changes">
        <caption className="visually-hidden">{t('provider.revision.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('provider.revision.field')}</th>
            <th scope="col">{t('provider.revision.published')}</th>
            <th scope="col">{t('provider.revision.proposed')}</th>
          </tr>
        </thead>
        <tbody>
          {revision.changes.map((change) => (
            <tr key={change.field}>
              <th scope="row">{t(`provider.fields.${change.field.replace('.', '_')}`, { defaultValue: change.field })}</th>
              <td data-label={t('provider.revision.published')}>{change.published ?? '–'}</td>
              <td data-label={t('provider.revision.proposed')}>{change.proposed ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The office's latest decision on an edit of the published profile, when it did not take it: why. */
export function RevisionDecision({ facility }: { facility: ProviderFacility }) {
  const { t, i18n } = useTranslation();
  const decision = facility.lastRevisionDecision;
  if (!decision || decision.approved || facility.pendingRevision) return null;
  return (
    <div className="kern-alert kern-alert--warning revision-decision">
      <div className="kern-alert__header">
        <span className="kern-title kern-title--small">{t('provider.revision.rejected', { date: formatDateTime(decision.decidedAt, i18n.language) })}</span>
      </div>
      <div className="kern-alert__body">
        <p className="kern-body rejection-reason">{decision.reason}</p>
      </div>
    </div>
  );
}
