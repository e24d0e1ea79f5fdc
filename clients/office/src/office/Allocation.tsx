import { useMutation, useQuery } from '@apollo/client/react';
import {
  type DeskAllocationRunFragment,
  DeskAllocationRunsDocument,
  DeskConfirmAllocationDocument,
  DeskDiscardAllocationDocument,
  DeskPreviewAllocationDocument,
  type DeskReservationRowFragment,
} from '@kita/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWholeQueue } from './queue';
import { Button, dayFromToday, formatDay, formatMoment, Notice, TextField, useAction } from './ui';

// Allocation runs (Platzvergabe): a preview proposes offers for every open choice at once; the
// page explains each child's outcome from the run's proposals and the child's ranked choices,
// then the office confirms (offers go out with a deadline) or discards it.

interface ChildOutcome {
  partId: string;
  label: string;
  choices: DeskReservationRowFragment[];
  proposal?: DeskAllocationRunFragment['proposals'][number];
}

/** The open choices of the queue grouped by child (one part each), with the run's proposal for it. */
function outcomes(run: DeskAllocationRunFragment, queue: DeskReservationRowFragment[]): ChildOutcome[] {
  const byPart = new Map<string, ChildOutcome>();
  for (const row of queue) {
    const partId = row.part?.id ?? row.id;
    const child = row.part?.child;
    const outcome = byPart.get(partId) ?? { partId, label: child ? `${child.firstName} ${child.lastName}` : partId, choices: [] };
    outcome.choices.push(row);
    byPart.set(partId, outcome);
  }
  for (const proposal of run.proposals) {
    const partId = proposal.reservation.part?.id ?? proposal.reservation.id;
    const outcome = byPart.get(partId);
    if (outcome) outcome.proposal = proposal;
  }
  for (const outcome of byPart.values()) outcome.choices.sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99));
  return [...byPart.values()].sort((a, b) => Number(!!b.proposal) - Number(!!a.proposal) || a.label.localeCompare(b.label));
}

function Why({ outcome }: { outcome: ChildOutcome }) {
  const { t } = useTranslation();
  const { proposal, choices } = outcome;
  if (!proposal)
    return (
      <p className="kern-body">
        {t('office.allocation.none', { count: choices.length, facilities: choices.map((choice) => choice.facility.name).join(', ') })}
      </p>
    );
  const better = choices.filter((choice) => (choice.rank ?? 99) < (choices.find((c) => c.id === proposal.reservation.id)?.rank ?? 99));
  return (
    <p className="kern-body">
      {proposal.rank === 1 || better.length === 0
        ? t('office.allocation.first', { facility: proposal.facility.name })
        : t('office.allocation.later', {
            rank: proposal.rank,
            facility: proposal.facility.name,
            better: better.map((choice) => choice.facility.name).join(', '),
          })}
    </p>
  );
}

function RunView({ run, queue, onChanged }: { run: DeskAllocationRunFragment; queue: DeskReservationRowFragment[]; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const action = useAction();
  const [deadline, setDeadline] = useState(dayFromToday(14));
  const [confirm] = useMutation(DeskConfirmAllocationDocument);
  const [discard] = useMutation(DeskDiscardAllocationDocument);
  const children = run.status === 'PREVIEW' ? outcomes(run, queue) : [];

  return (
    <article className="desk-run" aria-labelledby={`run-${run.id}`}>
      <h2 className="kern-heading-medium" id={`run-${run.id}`}>
        {t(`office.allocation.status.${run.status}`)} · {formatMoment(run.createdAt, i18n.language)}
      </h2>
      <p className="kern-body">
        {t('office.allocation.summary', { matched: run.matchedCount, children: run.childCount })}
        {run.byRank.length
          ? ` ${t('office.allocation.byRank', {
              list: run.byRank
                .filter((entry) => entry.children > 0)
                .map((entry) => t('office.allocation.rankCount', { rank: entry.rank, n: entry.children }))
                .join(', '),
            })}`
          : ''}
      </p>
      <p className="kern-body desk-muted">
        {t('office.allocation.priorities', {
          list: run.priorities.map((priority) => t(`office.priority.${priority}`, { defaultValue: priority })).join(', ') || '–',
        })}{' '}
        · {run.blockingPairs === 0 ? t('office.allocation.stable') : t('office.allocation.unstable', { n: run.blockingPairs })}
      </p>
      {run.status === 'CONFIRMED' ? (
        <p className="kern-body">{t('office.allocation.confirmed', { date: formatDay(run.offerDeadline, i18n.language) })}</p>
      ) : null}
      {run.status === 'PREVIEW' ? (
        <>
          <h3 className="kern-heading-small">{t('office.allocation.children')}</h3>
          <ul className="desk-list">
            {children.map((outcome) => (
              <li key={outcome.partId} className={`desk-outcome ${outcome.proposal ? 'desk-outcome--matched' : 'desk-outcome--none'}`}>
                <p className="kern-body kern-body--bold">
                  {outcome.label}:{' '}
                  {outcome.proposal ? t('office.allocation.offerAt', { facility: outcome.proposal.facility.name }) : t('office.allocation.noOffer')}
                </p>
                <Why outcome={outcome} />
              </li>
            ))}
          </ul>
          {action.failure ? <Notice kind="danger">{action.failure}</Notice> : null}
          <form
            className="desk-inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              void action.run(() => confirm({ variables: { runId: run.id, deadline } })).then((ok) => ok && onChanged());
            }}
          >
            <TextField
              id={`deadline-${run.id}`}
              label={t('office.queue.offerDeadline')}
              hint={t('office.queue.offerDeadlineHint')}
              type="date"
              value={deadline}
              onChange={(event) => setDeadline(event.target.value)}
            />
            <div className="desk-buttons">
              <button type="submit" className="kern-btn kern-btn--primary" disabled={action.busy}>
                <span className="kern-label">{t('office.allocation.confirm', { n: run.matchedCount })}</span>
              </button>
              <Button
                kind="secondary"
                disabled={action.busy}
                onClick={() => void action.run(() => discard({ variables: { runId: run.id } })).then((ok) => ok && onChanged())}
              >
                {t('office.allocation.discard')}
              </Button>
            </div>
          </form>
        </>
      ) : null}
    </article>
  );
}

export function Allocation({ municipality }: { municipality: string }) {
  const { t } = useTranslation();
  const action = useAction();
  const runs = useQuery(DeskAllocationRunsDocument, { variables: { municipality }, fetchPolicy: 'cache-and-network' });
  const queue = useWholeQueue({ municipality, status: ['SUBMITTED', 'IN_REVIEW'] });
  const [preview] = useMutation(DeskPreviewAllocationDocument);
  const list = runs.data?.allocationRuns?.edges.map((edge) => edge.node) ?? [];
  const current = list.find((run) => run.status === 'PREVIEW');
  const refresh = () => void Promise.all([runs.refetch(), queue.refetch()]);

  return (
    <section aria-labelledby="allocation-title">
      <h1 className="kern-heading-large" id="allocation-title">
        {t('office.allocation.title')}
      </h1>
      <p className="kern-body">{t('office.allocation.intro')}</p>
      {action.failure ? <Notice kind="danger">{action.failure}</Notice> : null}
      {!current ? (
        <Button disabled={action.busy} onClick={() => void action.run(() => preview({ variables: { municipality } })).then((ok) => ok && refresh())}>
          {t('office.allocation.preview')}
        </Button>
      ) : null}
      {current ? <RunView run={current} queue={queue.rows} onChanged={refresh} /> : null}
      <h2 className="kern-heading-medium">{t('office.allocation.earlier')}</h2>
      {list.filter((run) => run !== current).length === 0 ? <p className="kern-body">{t('office.allocation.noneYet')}</p> : null}
      {list
        .filter((run) => run !== current)
        .map((run) => (
          <RunView key={run.id} run={run} queue={[]} onChanged={refresh} />
        ))}
    </section>
  );
}
