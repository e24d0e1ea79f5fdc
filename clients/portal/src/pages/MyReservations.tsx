import { useMutation, useQuery } from '@apollo/client/react';
import {
  AcceptOfferDocument,
  DeclineOfferDocument,
  errorCode,
  MyReservationPartsDocument,
  type MyReservationPartsQuery,
  WithdrawReservationDocument,
} from '@kita/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../auth';
import { ErrorNotice, PartialNotice } from '../components/bits';
import { useMunicipalities, usePortal } from '../context';
import { formatDate, formatDateTime } from '../i18n';
import { useRouter } from '../router';

type Part = NonNullable<MyReservationPartsQuery['myReservationParts']>[number];
type Choice = Part['choices'][number];

const open = new Set(['DRAFT', 'SUBMITTED', 'IN_REVIEW', 'OFFERED']);

function daysUntil(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  const now = new Date();
  return Math.round((Date.UTC(year, month - 1, day) - Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())) / 86_400_000);
}

function ChoiceCard({ choice, refetch }: { choice: Choice; refetch: () => Promise<unknown> }) {
  const { t, i18n } = useTranslation();
  const { nameOf } = useMunicipalities();
  const [confirming, setConfirming] = useState<'accept' | 'decline' | 'withdraw' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [accept, accepting] = useMutation(AcceptOfferDocument);
  const [decline, declining] = useMutation(DeclineOfferDocument);
  const [withdraw, withdrawing] = useMutation(WithdrawReservationDocument);
  const busy = accepting.loading || declining.loading || withdrawing.loading;

  const act = async () => {
    setFailure(null);
    try {
      if (confirming === 'accept') await accept({ variables: { id: choice.id } });
      if (confirming === 'decline') await decline({ variables: { id: choice.id } });
      if (confirming === 'withdraw') await withdraw({ variables: { id: choice.id } });
      setConfirming(null);
      // Accepting withdraws the other choices, in every municipality: the whole view anew.
      await refetch();
    } catch (error) {
      setFailure(t(`errors.${errorCode(error) ?? 'generic'}`, { defaultValue: t('errors.generic') }));
    }
  };

  return (
    <li className={`kern-card choice choice--${choice.status.toLowerCase()}`} data-status={choice.status}>
      <div className="kern-card__container">
        <div className="kern-card__header">
          <h3 className="kern-title">
            {t('mine.rank', { rank: choice.rank ?? '–' })}: {choice.facility.name}
          </h3>
          <p className="kern-body kern-body--muted">
            {t(`kind.${choice.facility.kind}`)} · {nameOf(choice.facility.municipality)}
          </p>
        </div>
        <div className="kern-card__body">
          <p>
            <span className={`kern-badge status-badge status-badge--${choice.status.toLowerCase()}`}>{t(`status.${choice.status}`)}</span>
          </p>
          {choice.status === 'OFFERED' && choice.offerDeadline ? (
            <div className="kern-alert kern-alert--success offer">
              <div className="kern-alert__body">
                <p className="kern-body kern-body--bold">{t('mine.offer')}</p>
                <p className="kern-body">{t('mine.deadline', { date: formatDate(choice.offerDeadline, i18n.language), n: daysUntil(choice.offerDeadline) })}</p>
              </div>
            </div>
          ) : null}
          <details className="history">
            <summary>{t('mine.history')}</summary>
            <ol>
              {choice.history.map((step) => (
                <li key={`${step.at}-${step.toStatus}`}>
                  <time dateTime={step.at}>{formatDateTime(step.at, i18n.language)}</time>:{' '}
                  {t(`history.${step.toStatus}`, { by: t(`actor.${step.actorRole}`) })}
                  {step.reason ? ` (${step.reason})` : ''}
                </li>
              ))}
            </ol>
          </details>
          {failure ? <ErrorNotice message={failure} /> : null}
          {confirming ? (
            <div className="confirm">
              <p className="kern-body kern-body--bold" role="alert">
                {t(`mine.confirm.${confirming}`)}
              </p>
              <div className="confirm__buttons">
                <button type="button" className="kern-btn kern-btn--primary" disabled={busy} onClick={() => void act()}>
                  <span className="kern-label">{t(`mine.confirmButton.${confirming}`)}</span>
                </button>
                <button type="button" className="kern-btn kern-btn--secondary" disabled={busy} onClick={() => setConfirming(null)}>
                  <span className="kern-label">{t('mine.cancel')}</span>
                </button>
              </div>
            </div>
          ) : (
            <div className="choice__buttons">
              {choice.status === 'OFFERED' ? (
                <>
                  <button type="button" className="kern-btn kern-btn--primary" onClick={() => setConfirming('accept')}>
                    <span className="kern-label">{t('mine.accept')}</span>
                  </button>
                  <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setConfirming('decline')}>
                    <span className="kern-label">{t('mine.decline')}</span>
                  </button>
                </>
              ) : null}
              {open.has(choice.status) ? (
                <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => setConfirming('withdraw')}>
                  <span className="kern-label">{t('mine.withdraw')}</span>
                </button>
              ) : null}
            </div>
          )}
        </div>
      </div>
    </li>
  );
}

export function MyReservations() {
  const { t, i18n } = useTranslation();
  const { auth } = usePortal();
  const user = useUser(auth);
  const { location } = useRouter();
  const { data, error, loading, refetch } = useQuery(MyReservationPartsDocument, { skip: !user, fetchPolicy: 'cache-and-network' });

  if (!user)
    return (
      <section>
        <h1 className="kern-heading-large">{t('mine.title')}</h1>
        <p>{t('mine.loginNeeded')}</p>
        <button type="button" className="kern-btn kern-btn--primary" onClick={() => void auth.login('/meine-vormerkungen')}>
          <span className="kern-label">{t('login.login')}</span>
        </button>
      </section>
    );

  // One reservation across municipalities: its parts share the applicationKey.
  const byApplication = new Map<string, Part[]>();
  for (const part of data?.myReservationParts ?? []) byApplication.set(part.applicationKey, [...(byApplication.get(part.applicationKey) ?? []), part]);

  return (
    <section>
      <h1 className="kern-heading-large">{t('mine.title')}</h1>
      {new URLSearchParams(location.search).get('released') ? (
        <div className="kern-alert kern-alert--success" role="status">
          <div className="kern-alert__body">
            <p className="kern-body">{t('mine.released')}</p>
          </div>
        </div>
      ) : null}
      <PartialNotice error={error} />
      {loading && !data ? <p role="status">{t('search.loading')}</p> : null}
      {data && byApplication.size === 0 ? <p>{t('mine.none')}</p> : null}
      {[...byApplication].map(([applicationKey, parts]) => {
        const first = parts[0];
        const choices = parts.flatMap((part) => part.choices).sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99));
        const claim = parts.find((part) => part.legalClaim)?.legalClaim;
        return (
          <article key={applicationKey} className="application">
            <h2 className="kern-heading-medium">
              {first.child ? t('mine.forChild', { name: `${first.child.firstName} ${first.child.lastName}` }) : t('mine.reservation')}
            </h2>
            <p className="kern-body">
              {t('mine.wishes', { date: formatDate(first.wishedStart, i18n.language), hours: first.hoursPerWeek })}
              {first.submittedAt ? ` · ${t('mine.submittedAt', { date: formatDateTime(first.submittedAt, i18n.language) })}` : ` · ${t('status.DRAFT')}`}
            </p>
            {claim ? <p className="kern-body legal-claim">{t(`legalClaim.${claim.kind}`)}</p> : null}
            <ol className="choices">
              {choices.map((choice) => (
                <ChoiceCard key={choice.id} choice={choice} refetch={() => refetch()} />
              ))}
            </ol>
          </article>
        );
      })}
    </section>
  );
}
