import { useMutation } from '@apollo/client/react';
import { SelectField, TextField } from '@kita/app-shell/fields';
import { AddVacancyDocument, type HoursBand, MyFacilitiesDocument, RemoveVacanciesDocument, UpdateVacancyDocument, type VacancyInput } from '@kita/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, errorArgument, errorText, SuccessNotice } from '../components/notices';
import { today } from '../components/status';
import { formatDate } from '../i18n';
import type { ProviderFacility } from './FacilityArea';
import { hoursBands } from './profile';

type Vacancy = NonNullable<ProviderFacility['vacancies']>[number];

interface VacancyDraft {
  places: string;
  /** "from-to" in months. */
  ages: string;
  hoursBand: HoursBand;
  availableFrom: string;
  availableUntil: string;
}

const standardAges = [
  [0, 36],
  [36, 72],
  [72, 144],
] as const;

function agesOf(facility: ProviderFacility): { value: string; from: number; to: number }[] {
  const seen = new Map<string, { value: string; from: number; to: number }>();
  for (const group of facility.groups)
    seen.set(`${group.ageRange.fromMonths}-${group.ageRange.toMonths}`, { value: '', from: group.ageRange.fromMonths, to: group.ageRange.toMonths });
  for (const [from, to] of standardAges) if (!seen.has(`${from}-${to}`)) seen.set(`${from}-${to}`, { value: '', from, to });
  return [...seen.entries()].map(([value, range]) => ({ ...range, value }));
}

function checkVacancy(draft: VacancyDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!/^\d+$/.test(draft.places) || Number(draft.places) < 1 || Number(draft.places) > 50) errors.places = 'places';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.availableFrom)) errors.availableFrom = 'date';
  if (draft.availableUntil && draft.availableUntil < draft.availableFrom) errors.availableUntil = 'until';
  else if (draft.availableUntil && draft.availableUntil < today()) errors.availableUntil = 'past';
  return errors;
}

function inputOf(draft: VacancyDraft): VacancyInput {
  const [fromMonths, toMonths] = draft.ages.split('-').map(Number);
  return {
    places: Number(draft.places),
    ageRange: { fromMonths, toMonths },
    hoursBand: draft.hoursBand,
    availableFrom: draft.availableFrom,
    availableUntil: draft.availableUntil || null,
  };
}

const draftOf = (vacancy: Vacancy): VacancyDraft => ({
  places: String(vacancy.places),
  ages: `${vacancy.ageRange.fromMonths}-${vacancy.ageRange.toMonths}`,
  hoursBand: vacancy.hoursBand,
  availableFrom: vacancy.availableFrom,
  availableUntil: vacancy.availableUntil ?? '',
});

/** Free places: the provider's to change at once (no review), each for an age band, hours and dates. */
export function Vacancies({ facility, reload }: { facility: ProviderFacility; reload: () => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const [remove, removing] = useMutation(RemoveVacanciesDocument, { refetchQueries: [MyFacilitiesDocument] });
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const vacancies = facility.vacancies;
  const ages = agesOf(facility);
  const firstGroup = facility.groups[0];
  const fresh: VacancyDraft = {
    places: '1',
    ages: firstGroup ? `${firstGroup.ageRange.fromMonths}-${firstGroup.ageRange.toMonths}` : '0-36',
    hoursBand: firstGroup?.hoursBand ?? 'FULL_DAY',
    availableFrom: today(),
    availableUntil: '',
  };

  const drop = async (id: string) => {
    setFailure(null);
    setDone(null);
    try {
      await remove({ variables: { ids: [id] } });
      setConfirming(null);
      setDone(t('provider.vacancies.removed'));
      await reload();
    } catch (error) {
      setFailure(errorText(t, error));
    }
  };

  const saved = async (message: string) => {
    setEditing(null);
    setFailure(null);
    setDone(message);
    await reload();
  };

  return (
    <div className="vacancies">
      <h2>{t('provider.sections.plaetze')}</h2>
      <p>{t('provider.vacancies.lead')}</p>
      <p className="places-summary">
        {facility.freePlacesNow === null || facility.freePlacesNow === undefined
          ? t('provider.places.unknown')
          : t('provider.places.summary', { now: facility.freePlacesNow, later: facility.freePlacesLater ?? 0 })}
      </p>
      {failure ? <ErrorNotice>{failure}</ErrorNotice> : null}
      {done ? <SuccessNotice>{done}</SuccessNotice> : null}
      {vacancies === null || vacancies === undefined ? <ErrorNotice>{t('provider.places.unknown')}</ErrorNotice> : null}
      {vacancies?.length === 0 ? <p className="muted">{t('provider.vacancies.none')}</p> : null}
      <ul className="vacancy-list">
        {(vacancies ?? []).map((vacancy) => (
          <li key={vacancy.id} className="panel vacancy">
            {editing === vacancy.id ? (
              <VacancyForm
                idPrefix={`v-${vacancy.id.split(':').pop()}`}
                title={t('provider.vacancies.editTitle')}
                initial={draftOf(vacancy)}
                ages={ages}
                vacancyId={vacancy.id}
                facilityId={facility.id}
                onSaved={() => void saved(t('provider.vacancies.updated'))}
                onCancel={() => setEditing(null)}
              />
            ) : (
              <>
                <p className="vacancy__places">
                  <strong>{t('provider.vacancies.places', { count: vacancy.places })}</strong> ·{' '}
                  {t('provider.vacancies.ages', { from: vacancy.ageRange.fromMonths, to: vacancy.ageRange.toMonths })} · {t(`hours.${vacancy.hoursBand}`)}
                </p>
                <p>
                  {vacancy.availableUntil
                    ? t('provider.vacancies.fromUntil', {
                        from: formatDate(vacancy.availableFrom, i18n.language),
                        until: formatDate(vacancy.availableUntil, i18n.language),
                      })
                    : t('provider.vacancies.from', { from: formatDate(vacancy.availableFrom, i18n.language) })}
                </p>
                {confirming === vacancy.id ? (
                  <div className="confirm">
                    <p>{t('provider.vacancies.confirmRemove')}</p>
                    <div className="actions">
                      <button type="button" className="kern-btn kern-btn--primary" disabled={removing.loading} onClick={() => void drop(vacancy.id)}>
                        <span className="kern-label">{t('provider.vacancies.removeNow')}</span>
                      </button>
                      <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setConfirming(null)}>
                        <span className="kern-label">{t('common.cancel')}</span>
                      </button>
                    </div>
                  </div>
                ) : (
                  <div className="actions">
                    <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setEditing(vacancy.id)}>
                      <span className="kern-label">{t('provider.vacancies.edit')}</span>
                    </button>
                    <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => setConfirming(vacancy.id)}>
                      <span className="kern-label">{t('provider.vacancies.remove')}</span>
                    </button>
                  </div>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
      <div className="panel">
        <VacancyForm
          key={done ?? 'new'}
          idPrefix="v-new"
          title={t('provider.vacancies.addTitle')}
          initial={fresh}
          ages={ages}
          facilityId={facility.id}
          onSaved={() => void saved(t('provider.vacancies.added'))}
        />
      </div>
    </div>
  );
}

function VacancyForm(props: {
  idPrefix: string;
  title: string;
  initial: VacancyDraft;
  ages: { value: string; from: number; to: number }[];
  facilityId: string;
  vacancyId?: string;
  onSaved: () => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(props.initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [add, adding] = useMutation(AddVacancyDocument, { refetchQueries: [MyFacilitiesDocument] });
  const [update, updating] = useMutation(UpdateVacancyDocument, { refetchQueries: [MyFacilitiesDocument] });
  const id = (field: string) => `${props.idPrefix}-${field}`;
  const message = (field: string) => (errors[field] ? t(`provider.vacancies.errors.${errors[field]}`) : undefined);
  const set = <K extends keyof VacancyDraft>(key: K, value: VacancyDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const found = checkVacancy(draft);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(id(first))?.focus();
      return;
    }
    try {
      if (props.vacancyId) await update({ variables: { id: props.vacancyId, input: inputOf(draft) } });
      else await add({ variables: { facilityId: props.facilityId, input: inputOf(draft) } });
      props.onSaved();
    } catch (error) {
      const argument = errorArgument(error) ?? '';
      const field = ['places', 'availableFrom', 'availableUntil'].find((name) => argument.endsWith(name));
      if (field) {
        setErrors({ [field]: 'server' });
        document.getElementById(id(field))?.focus();
      }
      setFailure(errorText(t, error));
    }
  };

  return (
    <form noValidate onSubmit={(event) => void submit(event)} className="vacancy-form">
      <h3>{props.title}</h3>
      {failure ? <ErrorNotice>{failure}</ErrorNotice> : null}
      <div className="form-grid">
        <TextField
          id={id('places')}
          label={t('provider.vacancies.placesLabel')}
          error={message('places')}
          inputMode="numeric"
          value={draft.places}
          onChange={(event) => set('places', event.target.value)}
        />
        <SelectField id={id('ages')} label={t('provider.vacancies.agesLabel')} value={draft.ages} onChange={(value) => set('ages', value)}>
          {props.ages.map((age) => (
            <option key={age.value} value={age.value}>
              {t('provider.vacancies.ages', { from: age.from, to: age.to })}
            </option>
          ))}
        </SelectField>
        <SelectField
          id={id('hoursBand')}
          label={t('provider.form.hoursBand')}
          value={draft.hoursBand}
          onChange={(value) => set('hoursBand', value as HoursBand)}
        >
          {hoursBands.map((band) => (
            <option key={band} value={band}>
              {t(`hours.${band}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          id={id('availableFrom')}
          type="date"
          label={t('provider.vacancies.availableFrom')}
          error={message('availableFrom')}
          value={draft.availableFrom}
          onChange={(event) => set('availableFrom', event.target.value)}
        />
        <TextField
          id={id('availableUntil')}
          type="date"
          label={t('provider.vacancies.availableUntil')}
          hint={t('provider.vacancies.availableUntilHint')}
          optional={t('common.optional')}
          error={message('availableUntil')}
          value={draft.availableUntil}
          onChange={(event) => set('availableUntil', event.target.value)}
        />
      </div>
      <div className="actions">
        <button type="submit" className="kern-btn kern-btn--primary" disabled={adding.loading || updating.loading}>
          <span className="kern-label">{props.vacancyId ? t('common.save') : t('provider.vacancies.add')}</span>
        </button>
        {props.onCancel ? (
          <button type="button" className="kern-btn kern-btn--secondary" onClick={props.onCancel}>
            <span className="kern-label">{t('common.cancel')}</span>
          </button>
        ) : null}
      </div>
    </form>
  );
}
