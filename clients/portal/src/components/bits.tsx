import { partialAnswer } from '@kita/sdk';
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMunicipalities } from '../context';
import { formatDate } from '../i18n';
import { type ShortlistEntry, shortlist, useShortlist } from '../shortlist';

/** The traffic light with words, never colour alone. */
export function TrafficLight({ availability }: { availability: string | null | undefined }) {
  const { t } = useTranslation();
  const value = availability ?? 'UNKNOWN';
  return (
    <span className={`traffic-light traffic-light--${value.toLowerCase()}`}>
      <span className="traffic-light__dot" aria-hidden="true" />
      {t(`availability.${value}`)}
    </span>
  );
}

export interface VacancyLike {
  id: string;
  places: number;
  hoursBand: string;
  availableFrom: string;
  availableUntil?: string | null;
}

/** Free places with their dates: "2 places from 01.08.2027 (full day)". */
export function FreePlaces({ vacancies }: { vacancies: readonly VacancyLike[] | null | undefined }) {
  const { t, i18n } = useTranslation();
  if (!vacancies) return <p className="muted">{t('facility.placesUnknown')}</p>;
  if (vacancies.length === 0) return <p className="muted">{t('facility.noPlaces')}</p>;
  return (
    <ul className="free-places">
      {vacancies.map((vacancy) => (
        <li key={vacancy.id}>
          {t('facility.placesFrom', { n: vacancy.places, date: formatDate(vacancy.availableFrom, i18n.language) })}
          {vacancy.availableUntil ? ` ${t('facility.placesUntil', { date: formatDate(vacancy.availableUntil, i18n.language) })}` : ''} (
          {t(`hours.${vacancy.hoursBand}`)})
        </li>
      ))}
    </ul>
  );
}

export function ShortlistButton({ entry }: { entry: ShortlistEntry }) {
  const { t } = useTranslation();
  const { nameOf, capOf } = useMunicipalities();
  const entries = useShortlist();
  const saved = shortlist.has(entry.id);
  // The municipality's cap beside the button, so that the parent sees it before choosing one too many.
  const count = entries.filter((other) => other.municipality === entry.municipality).length;
  const cap = capOf(entry.municipality);
  const name = nameOf(entry.municipality);
  const note = cap == null ? '' : saved ? t('shortlist.cap', { name, n: count, cap }) : count >= cap ? t('validation.cap', { name, cap }) : '';
  return (
    <>
      <button
        type="button"
        className={`kern-btn ${saved ? 'kern-btn--primary' : 'kern-btn--secondary'} shortlist-button`}
        aria-pressed={saved}
        onClick={() => shortlist.toggle(entry)}
      >
        <span className="kern-label">
          {saved ? t('shortlist.saved') : t('shortlist.save')}
          <span className="visually-hidden">: {entry.name}</span>
        </span>
      </button>
      <p className="kern-body kern-body--small shortlist-button__cap" role="status">
        {note}
      </p>
    </>
  );
}

/** "Hansestadt Lüneburg is not answering": shown whenever an answer lacks a municipality, never swallowed. */
export function PartialNotice({ error, listed }: { error: unknown; listed?: readonly (string | null | undefined)[] }) {
  const { t } = useTranslation();
  const { nameOf } = useMunicipalities();
  const missing = partialAnswer(error, listed);
  if (missing.length === 0) return null;
  return (
    <div className="kern-alert kern-alert--warning partial-notice" role="status">
      <div className="kern-alert__header">
        <span className="kern-title">{t('partial.title')}</span>
      </div>
      <div className="kern-alert__body">
        <p className="kern-body">{t('partial.text', { names: missing.map(nameOf).join(', ') })}</p>
      </div>
    </div>
  );
}

export function ErrorNotice({ message }: { message: string }) {
  return (
    <div className="kern-alert kern-alert--danger" role="alert">
      <div className="kern-alert__body">
        <p className="kern-body">{message}</p>
      </div>
    </div>
  );
}

/** Keeps a failing part (the map, say) from taking the whole page with it. */
export class Contained extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
