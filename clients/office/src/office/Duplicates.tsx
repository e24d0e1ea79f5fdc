import { useApolloClient } from '@apollo/client/react';
import { DeskDuplicateChoicesDocument, type DeskDuplicateChoicesQuery, partialAnswer } from '@kita/sdk';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMunicipalityName } from './municipalities';
import { useWholeQueue } from './queue';
import { formatDay, formatMoment, Notice, shortPseudonym } from './ui';

// Duplicate review: for each child waiting in this municipality's queue, its choices in other
// municipalities, found by the keyed pseudonym the federation shares. No names, no addresses: a
// child is shown by the first characters of its pseudonym, which the other office sees too.

type Choice = NonNullable<DeskDuplicateChoicesQuery['duplicateChoices']>[number];

/** The API answers for at most this many pseudonyms at once. */
const perQuestion = 100;

/** The choices of these children in every municipality, asked in batches; partial when a municipality did not answer. */
function useDuplicateChoices(pseudonyms: string[], waiting: boolean) {
  const client = useApolloClient();
  const [state, setState] = useState<{ choices: Choice[]; loading: boolean; partial: boolean }>({ choices: [], loading: true, partial: false });
  const key = pseudonyms.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the pseudonyms by value (key)
  useEffect(() => {
    if (waiting) return;
    let current = true;
    void (async () => {
      const choices: Choice[] = [];
      let partial = false;
      for (let start = 0; start < pseudonyms.length; start += perQuestion) {
        const { data, error } = await client.query({
          query: DeskDuplicateChoicesDocument,
          variables: { pseudonyms: pseudonyms.slice(start, start + perQuestion) },
          fetchPolicy: 'network-only',
        });
        choices.push(...(data?.duplicateChoices ?? []));
        if (!data?.duplicateChoices || partialAnswer(error).length > 0) partial = true;
      }
      if (current) setState({ choices, loading: false, partial });
    })().catch(() => current && setState({ choices: [], loading: false, partial: true }));
    return () => {
      current = false;
    };
  }, [client, key, waiting]);
  return state;
}

export function Duplicates({ municipality }: { municipality: string }) {
  const { t, i18n } = useTranslation();
  const nameOf = useMunicipalityName();
  const queue = useWholeQueue({ municipality });
  const rows = queue.rows;
  const pseudonyms = [...new Set(rows.map((row) => row.part?.childPseudonym).filter((value): value is string => !!value))].sort();
  const others = useDuplicateChoices(pseudonyms, queue.loading);
  const elsewhere = others.choices.filter((choice) => choice.municipality !== municipality);
  const children = pseudonyms
    .map((pseudonym) => ({
      pseudonym,
      here: rows.filter((row) => row.part?.childPseudonym === pseudonym),
      there: elsewhere.filter((choice) => choice.pseudonym === pseudonym).sort((a, b) => a.rank - b.rank),
    }))
    .filter((child) => child.there.length > 0);

  return (
    <section aria-labelledby="duplicates-title">
      <h1 className="kern-heading-large" id="duplicates-title">
        {t('office.duplicates.title')}
      </h1>
      <p className="kern-body">{t('office.duplicates.intro')}</p>
      {queue.failed ? <Notice kind="danger">{t('office.errors.generic')}</Notice> : null}
      {others.partial ? <Notice kind="warning">{t('office.duplicates.partial')}</Notice> : null}
      {queue.loading || others.loading ? <p role="status">{t('office.loading')}</p> : null}
      {!queue.loading && !others.loading ? (
        <h2 className="kern-heading-medium">{t('office.duplicates.count', { count: children.length, total: pseudonyms.length })}</h2>
      ) : null}
      <ul className="desk-list">
        {children.map((child) => (
          <li key={child.pseudonym} className="kern-card desk-card" data-pseudonym={child.pseudonym}>
            <div className="kern-card__container">
              <div className="kern-card__header">
                <h3 className="kern-title">{t('office.duplicates.child', { pseudonym: shortPseudonym(child.pseudonym) })}</h3>
              </div>
              <div className="kern-card__body">
                <p className="kern-body">
                  {t('office.duplicates.here', {
                    count: child.here.length,
                    list: child.here.map((row) => `${row.rank ?? '–'}. ${row.facility.name} (${t(`office.status.${row.status}`)})`).join('; '),
                  })}
                </p>
                {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard */}
                <section className="desk-table-wrap" aria-label={t('office.duplicates.elsewhere')} tabIndex={0}>
                  <table className="kern-table desk-table desk-stack">
                    <caption>{t('office.duplicates.elsewhere')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('office.duplicates.municipality')}</th>
                        <th scope="col">{t('office.duplicates.kind')}</th>
                        <th scope="col">{t('office.duplicates.rank')}</th>
                        <th scope="col">{t('office.duplicates.status')}</th>
                        <th scope="col">{t('office.duplicates.dates')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {child.there.map((choice) => (
                        <tr key={`${choice.municipality}-${choice.rank}-${choice.status}`}>
                          <td data-label={t('office.duplicates.municipality')}>{nameOf(choice.municipality)}</td>
                          <td data-label={t('office.duplicates.kind')}>{t(`office.kind.${choice.kind}`)}</td>
                          <td data-label={t('office.duplicates.rank')}>{choice.rank}</td>
                          <td data-label={t('office.duplicates.status')}>{t(`office.status.${choice.status}`)}</td>
                          <td data-label={t('office.duplicates.dates')}>
                            {t('office.duplicates.wishedStart', { date: formatDay(choice.wishedStart, i18n.language) })}
                            {choice.submittedAt ? <br /> : null}
                            {choice.submittedAt ? t('office.duplicates.submitted', { at: formatMoment(choice.submittedAt, i18n.language) }) : null}
                            <br />
                            {t('office.duplicates.since', { at: formatMoment(choice.statusSince, i18n.language) })}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </section>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
