import { useMutation, useQuery } from '@apollo/client/react';
import { Link, useRouter } from '@kita/app-shell/router';
import {
  DeskApproveRevisionDocument,
  DeskFacilityDocument,
  type DeskFacilityQuery,
  DeskPublishFacilityDocument,
  DeskRejectFacilityDocument,
  DeskRejectRevisionDocument,
  DeskReviewQueueDocument,
} from '@kita/sdk';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../context';
import { Button, formatMoment, Notice, TextArea, useAction } from './ui';

// The review queue: profiles a provider submitted (nothing published yet) and published profiles
// with a pending revision. Each opens side by side: what is public now, what the provider proposes.

type Profile = NonNullable<DeskFacilityQuery['facility']>;

export interface DiffRow {
  field: string;
  published: string;
  proposed: string;
}

/** A submitted profile's fields in words, by the same keys and in the same order as a revision's changes. */
function profileFields(profile: Profile, t: TFunction): [string, string][] {
  const list = (items: readonly string[]) => items.join(', ');
  return [
    ['kind', t(`office.kind.${profile.kind}`)],
    ['name', profile.name],
    ['carrier', profile.carrier],
    ['carrierType', t(`office.carrierType.${profile.carrierType}`)],
    ['address.street', profile.address.street],
    ['address.postalCode', profile.address.postalCode],
    ['address.city', profile.address.city],
    ['address.district', profile.address.district],
    ['location', `${profile.location.latitude}, ${profile.location.longitude}`],
    ['contact.phone', profile.contact.phone ?? ''],
    ['contact.email', profile.contact.email ?? ''],
    ['contact.website', profile.contact.website ?? ''],
    ['description', profile.description],
    ['concepts', list(profile.concepts)],
    ['languages', list(profile.languages)],
    ['meals', list(profile.meals)],
    ['accessibility', list(profile.accessibility)],
    ['openingHours', list(profile.openingHours.map((hours) => `${t(`office.weekday.${hours.weekday}`)} ${hours.opens}–${hours.closes}`))],
    [
      'groups',
      profile.groups
        .map((group) =>
          t('office.review.group', {
            name: group.name,
            from: group.ageRange.fromMonths,
            to: group.ageRange.toMonths,
            hours: t(`office.hours.${group.hoursBand}`),
            n: group.capacity,
          }),
        )
        .join('; '),
    ],
    ['boundToResidence', profile.boundToResidence ? t('office.yes') : t('office.no')],
    [
      'permit',
      profile.permit ? t('office.review.permit', { number: profile.permit.number, until: profile.permit.validUntil, n: profile.permit.maxChildren }) : '',
    ],
    ['media', list(profile.media.map((media) => media.altText || media.fileName))],
  ];
}

/**
 * Published and proposed side by side; changed rows marked in words, not colour alone (a new
 * profile has nothing published, so nothing is marked). On a phone each row stacks, its cells
 * labelled.
 */
export function DiffTable({ rows, caption, markChanges }: { rows: DiffRow[]; caption: string; markChanges: boolean }) {
  const { t } = useTranslation();
  const published = t('office.review.published');
  const proposed = t('office.review.proposed');
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard
    <section className="desk-table-wrap" aria-label={caption} tabIndex={0}>
      <table className="kern-table desk-diff desk-stack">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('office.review.field')}</th>
            <th scope="col">{published}</th>
            <th scope="col">{proposed}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const changed = markChanges && row.published !== row.proposed;
            return (
              <tr key={row.field} className={changed ? 'desk-diff__changed' : undefined}>
                <th scope="row">
                  {t(`office.field.${row.field}`, { defaultValue: row.field })}
                  {changed ? <span className="kern-badge desk-changed">{t('office.review.changed')}</span> : null}
                </th>
                <td data-label={published}>{row.published || <span className="desk-muted">–</span>}</td>
                <td data-label={proposed}>{row.proposed || <span className="desk-muted">–</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function Decision({
  onPublish,
  onReject,
  publishLabel,
  busy,
}: {
  onPublish: () => void;
  onReject: (reason: string) => void;
  publishLabel: string;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  if (rejecting)
    return (
      <form
        className="desk-inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (reason.trim().length < 3) return setError(t('office.review.reasonNeeded'));
          setError(undefined);
          onReject(reason.trim());
        }}
      >
        <TextArea
          id="reject-reason"
          label={t('office.review.reason')}
          hint={t('office.reasonHint')}
          error={error}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        <div className="desk-buttons">
          <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
            <span className="kern-label">{t('office.review.sendBack')}</span>
          </button>
          <Button kind="secondary" onClick={() => setRejecting(false)}>
            {t('office.cancel')}
          </Button>
        </div>
      </form>
    );
  return (
    <div className="desk-buttons">
      <Button disabled={busy} onClick={onPublish}>
        {publishLabel}
      </Button>
      <Button kind="secondary" onClick={() => setRejecting(true)}>
        {t('office.review.reject')}
      </Button>
    </div>
  );
}

/**
 * A photo of a profile that is not public yet: the gateway serves it only with the office's token,
 * which an <img> cannot send, so it is fetched and shown from memory.
 */
function ProtectedImage({ path, alt }: { path: string; alt: string }) {
  const { config, auth } = useWorkspace();
  const [source, setSource] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    const token = auth.accessToken();
    void fetch(new URL(path, new URL(config.gatewayUrl, window.location.href)), { headers: token ? { authorization: `Bearer ${token}` } : {} })
      .then((response) => (response.ok ? response.blob() : null))
      .then((blob) => {
        if (!blob) return;
        url = URL.createObjectURL(blob);
        setSource(url);
      })
      .catch(() => setSource(null));
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [path, config.gatewayUrl, auth]);
  return source ? <img src={source} alt={alt} className="desk-photo" /> : <span className="desk-photo desk-photo--missing">{alt}</span>;
}

export function ReviewDetail({ id, base }: { id: string; base: string }) {
  const { t, i18n } = useTranslation();
  const { navigate } = useRouter();
  const action = useAction();
  const { data, loading } = useQuery(DeskFacilityDocument, { variables: { id }, fetchPolicy: 'network-only' });
  const [publish] = useMutation(DeskPublishFacilityDocument);
  const [reject] = useMutation(DeskRejectFacilityDocument);
  const [approveRevision] = useMutation(DeskApproveRevisionDocument);
  const [rejectRevision] = useMutation(DeskRejectRevisionDocument);
  const profile = data?.facility;
  if (loading && !profile) return <p role="status">{t('office.loading')}</p>;
  if (!profile) return <Notice kind="warning">{t('office.review.gone')}</Notice>;
  const revision = profile.pendingRevision;
  // A revision lists only what it changes; a submitted profile is new throughout.
  const rows: DiffRow[] = revision
    ? revision.changes.map((change) => ({ field: change.field, published: change.published ?? '', proposed: change.proposed ?? '' }))
    : profileFields(profile, t).map(([field, value]) => ({ field, published: '', proposed: value }));
  const after = (outcome: 'published' | 'rejected') => (ok: boolean) => ok && navigate(`${base}?${outcome}=${encodeURIComponent(profile.name)}`);

  return (
    <section aria-labelledby="review-title">
      <p>
        <Link to={base}>{t('office.review.back')}</Link>
      </p>
      <h1 className="kern-heading-large" id="review-title">
        {profile.name}
      </h1>
      <p className="kern-body">
        <span className="status-badge" data-tone={revision ? 'warn' : 'neutral'}>
          {revision ? t('office.review.revision') : t(`office.publication.${profile.publicationStatus}`)}
        </span>{' '}
        {t(`office.kind.${profile.kind}`)} · {profile.address.district}
        {revision ? ` · ${t('office.review.since', { at: formatMoment(revision.submittedAt, i18n.language) })}` : ''}
      </p>
      {profile.kind !== 'KINDERTAGESSTAETTE' && !profile.permit ? <Notice kind="warning">{t('office.review.noPermit')}</Notice> : null}
      <DiffTable rows={rows} markChanges={!!revision} caption={revision ? t('office.review.revisionCaption') : t('office.review.diffCaption')} />
      {profile.media.some((media) => media.kind === 'PHOTO') ? (
        <div className="desk-photos">
          {profile.media
            .filter((media) => media.kind === 'PHOTO')
            .map((media) => (
              <ProtectedImage key={media.id} path={media.url} alt={media.altText} />
            ))}
        </div>
      ) : null}
      <details className="desk-history">
        <summary>{t('office.review.history')}</summary>
        <ol>
          {(profile.history ?? []).map((step) => (
            <li key={`${step.at}-${step.toStatus}`}>
              {formatMoment(step.at, i18n.language)}: {t(`office.publication.${step.toStatus}`)} ({t(`office.actor.${step.actorRole}`)})
              {step.reason ? ` – ${step.reason}` : ''}
            </li>
          ))}
        </ol>
      </details>
      {action.failure ? <Notice kind="danger">{action.failure}</Notice> : null}
      {revision ? (
        <Decision
          busy={action.busy}
          publishLabel={t('office.review.approve')}
          onPublish={() => void action.run(() => approveRevision({ variables: { id } })).then(after('published'))}
          onReject={(reason) => void action.run(() => rejectRevision({ variables: { id, reason } })).then(after('rejected'))}
        />
      ) : profile.publicationStatus === 'SUBMITTED' ? (
        <Decision
          busy={action.busy}
          publishLabel={t('office.review.publish')}
          onPublish={() => void action.run(() => publish({ variables: { id } })).then(after('published'))}
          onReject={(reason) => void action.run(() => reject({ variables: { id, reason } })).then(after('rejected'))}
        />
      ) : null}
    </section>
  );
}

export function ReviewQueue({ municipality, base }: { municipality: string; base: string }) {
  const { t, i18n } = useTranslation();
  const { location } = useRouter();
  const { data, loading, error } = useQuery(DeskReviewQueueDocument, { variables: { municipality }, fetchPolicy: 'cache-and-network' });
  const search = new URLSearchParams(location.search);
  const profiles = data?.facilityReviewQueue ?? [];
  const submitted = profiles.filter((profile) => !profile.pendingRevision);
  const revised = profiles.filter((profile) => profile.pendingRevision);
  const item = (profile: (typeof profiles)[number]) => (
    <li key={profile.id} className="desk-row">
      <Link to={`${base}/${encodeURIComponent(profile.id)}`}>{profile.name}</Link>
      <span className="desk-muted">
        {' '}
        · {t(`office.kind.${profile.kind}`)} · {profile.address.district}
        {profile.pendingRevision
          ? ` · ${t('office.review.changes', { count: profile.pendingRevision.changes.length, at: formatMoment(profile.pendingRevision.submittedAt, i18n.language) })}`
          : ''}
      </span>
    </li>
  );

  return (
    <section aria-labelledby="review-queue-title">
      <h1 className="kern-heading-large" id="review-queue-title">
        {t('office.review.title')}
      </h1>
      {search.get('published') ? <Notice kind="success">{t('office.review.donePublished', { name: search.get('published') })}</Notice> : null}
      {search.get('rejected') ? <Notice kind="success">{t('office.review.doneRejected', { name: search.get('rejected') })}</Notice> : null}
      {error ? <Notice kind="danger">{t('office.errors.generic')}</Notice> : null}
      {loading && !data ? <p role="status">{t('office.loading')}</p> : null}
      <h2 className="kern-heading-medium">{t('office.review.submitted', { count: submitted.length })}</h2>
      {data && submitted.length === 0 ? <p className="kern-body">{t('office.review.noneSubmitted')}</p> : null}
      <ul className="desk-list">{submitted.map(item)}</ul>
      <h2 className="kern-heading-medium">{t('office.review.revised', { count: revised.length })}</h2>
      {data && revised.length === 0 ? <p className="kern-body">{t('office.review.noneRevised')}</p> : null}
      <ul className="desk-list">{revised.map(item)}</ul>
    </section>
  );
}
