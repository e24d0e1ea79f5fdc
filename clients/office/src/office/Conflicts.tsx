import { useMutation, useQuery } from '@apollo/client/react';
import { DeskPlacementConflictsDocument, DeskResolvePlacementConflictDocument, DeskUndeliverableDocument } from '@kita/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMunicipalityName } from './municipalities';
import { Button, formatMoment, Notice, shortPseudonym, TextArea, useAction } from './ui';

// Placement conflicts: a child accepted places here and in another municipality at about the
// same time. The office clears it with the family and the other office and records how. Below,
// the mails that did not reach a family or a facility, for the office to follow up by other means.

function Resolve({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [resolve] = useMutation(DeskResolvePlacementConflictDocument);
  const [text, setText] = useState('');
  return (
    <form
      className="desk-inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        void action.run(() => resolve({ variables: { id, resolution: text } })).then((ok) => ok && onDone());
      }}
    >
      <TextArea
        id={`resolve-${id}`}
        label={t('office.conflicts.resolution')}
        hint={t('office.conflicts.resolutionHint')}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      {action.failure ? <Notice kind="danger">{action.failure}</Notice> : null}
      <button type="submit" className="kern-btn kern-btn--primary" disabled={action.busy}>
        <span className="kern-label">{t('office.conflicts.resolve')}</span>
      </button>
    </form>
  );
}

/**
 * Mails the server refused, that bounced or that had no address: kind, address and error code only,
 * never the text. Two lists in the API (the reservation subgraph's mails to families and its
 * NEW_RESERVATION to facilities; the facility subgraph's profile and permit mails), one list here,
 * newest first, each marked with whom it was for.
 */
function Undeliverable({ municipality }: { municipality: string }) {
  const { t, i18n } = useTranslation();
  const { data, loading, error } = useQuery(DeskUndeliverableDocument, { variables: { municipality }, fetchPolicy: 'cache-and-network' });
  const mails = [...(data?.undeliverableNotifications ?? []), ...(data?.undeliverableFacilityNotifications ?? [])].sort((a, b) =>
    b.createdAt.localeCompare(a.createdAt),
  );
  return (
    <section aria-labelledby="undeliverable-title">
      <h2 className="kern-heading-medium" id="undeliverable-title">
        {t('office.undeliverable.title')}
      </h2>
      <p className="kern-body">{t('office.undeliverable.intro')}</p>
      {loading && !data ? <p role="status">{t('office.loading')}</p> : null}
      {/* A part that could not answer: the other part's mails stay shown (errorPolicy all), the gap is named. */}
      {error ? <Notice kind="warning">{t('office.undeliverable.incomplete')}</Notice> : null}
      {data && mails.length === 0 ? <p className="kern-body">{t('office.undeliverable.none')}</p> : null}
      <ul className="desk-list">
        {mails.map((mail) => (
          <li key={mail.id} className="desk-row" data-kind={mail.kind}>
            {formatMoment(mail.createdAt, i18n.language)}: {t(`office.undeliverable.kind.${mail.kind}`, { defaultValue: mail.kind })} (
            {t(`office.undeliverable.to.${recipientOf(mail.kind)}`)}) – {mail.address ?? t('office.undeliverable.noAddress')}
            {mail.error ? ` (${mail.error})` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}

const facilityKinds = new Set(['PROFILE_PUBLISHED', 'PROFILE_REJECTED', 'PERMIT_EXPIRING', 'PERMIT_LAPSED', 'NEW_RESERVATION']);
/** Whom a mail of this kind goes to: a family, a facility or the office itself. */
const recipientOf = (kind: string) => (kind === 'OFFICE_DIGEST' ? 'office' : facilityKinds.has(kind) ? 'facility' : 'family');

export function Conflicts({ municipality }: { municipality: string }) {
  const { t, i18n } = useTranslation();
  const nameOf = useMunicipalityName();
  const [includeResolved, setIncludeResolved] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const { data, loading, refetch } = useQuery(DeskPlacementConflictsDocument, {
    variables: { municipality, includeResolved },
    fetchPolicy: 'cache-and-network',
  });
  const conflicts = data?.placementConflicts ?? [];
  return (
    <section aria-labelledby="conflicts-title">
      <h1 className="kern-heading-large" id="conflicts-title">
        {t('office.conflicts.title')}
      </h1>
      <h2 className="kern-heading-medium">{t('office.conflicts.heading')}</h2>
      <p className="kern-body">{t('office.conflicts.intro')}</p>
      <div className="kern-form-check">
        <input
          className="kern-form-check__checkbox"
          type="checkbox"
          id="c-resolved"
          checked={includeResolved}
          onChange={(event) => setIncludeResolved(event.target.checked)}
        />
        <label className="kern-label" htmlFor="c-resolved">
          {t('office.conflicts.includeResolved')}
        </label>
      </div>
      {loading && !data ? <p role="status">{t('office.loading')}</p> : null}
      {data && conflicts.length === 0 ? <p className="kern-body">{t('office.conflicts.none')}</p> : null}
      <ul className="desk-list">
        {conflicts.map((conflict) => (
          <li key={conflict.id} className="kern-card desk-card">
            <div className="kern-card__container">
              <div className="kern-card__body">
                <p className="kern-body kern-body--bold">
                  {t('office.conflicts.child', { pseudonym: shortPseudonym(conflict.reservation?.part?.childPseudonym) })}
                </p>
                <p className="kern-body">
                  {t('office.conflicts.here', { facility: conflict.reservation?.facility.name ?? '–' })}
                  <br />
                  {t('office.conflicts.there', { facility: conflict.otherFacility.name, municipality: nameOf(conflict.otherMunicipality) })}
                </p>
                <p className="kern-body desk-muted">{t('office.conflicts.detected', { at: formatMoment(conflict.detectedAt, i18n.language) })}</p>
                {conflict.resolvedAt ? (
                  <p className="kern-body">
                    {t('office.conflicts.resolved', { at: formatMoment(conflict.resolvedAt, i18n.language), text: conflict.resolution ?? '' })}
                  </p>
                ) : open === conflict.id ? (
                  <Resolve
                    id={conflict.id}
                    onDone={() => {
                      setOpen(null);
                      void refetch();
                    }}
                  />
                ) : (
                  <Button onClick={() => setOpen(conflict.id)}>{t('office.conflicts.resolve')}</Button>
                )}
              </div>
            </div>
          </li>
        ))}
      </ul>
      <Undeliverable municipality={municipality} />
    </section>
  );
}
