import { useQuery } from '@apollo/client/react';
import { AddressSearch, type ChosenAddress } from '@kita/app-shell/address-search';
import { Checkbox, SelectField, TextField } from '@kita/app-shell/fields';
import { type FacilityFilter, FacilityMarkersDocument, SearchFacilitiesDocument, type SearchFacilitiesQueryVariables } from '@kita/sdk';
import { type FormEvent, lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Contained, ErrorNotice, FreePlaces, PartialNotice, ShortlistButton, TrafficLight } from '../components/bits';
import type { PortalConfig } from '../config';
import { useMunicipalities } from '../context';
import { formatNumber } from '../i18n';
import { Link } from '../router';

const MapView = lazy(() => import('../components/MapView'));

const kinds = ['KINDERTAGESSTAETTE', 'KINDERTAGESPFLEGE', 'GROSSTAGESPFLEGE'] as const;
const filterLanguages = ['de', 'en', 'tr', 'ar', 'uk', 'ru', 'pl', 'fr', 'es'];

/** What the parent typed into the filters; applied on "search". */
export interface SearchForm {
  municipality: string;
  district: string;
  kinds: string[];
  childBirthDate: string;
  wishedStart: string;
  hoursPerWeek: string;
  onlyFree: boolean;
  text: string;
  nearMe: boolean;
  radiusKm: string;
  openFrom: string;
  openUntil: string;
  wheelchair: boolean;
  language: string;
  residence: string;
  concept: string;
  /** The address the radius is measured from (it takes the place of "near me"). */
  address: ChosenAddress | null;
  /** The days the opening window must hold on, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
}

export interface SearchState {
  form: SearchForm;
  point: { latitude: number; longitude: number } | null;
  variables: SearchFacilitiesQueryVariables;
  view: 'list' | 'map';
}

const pageSize = 10;
const workdays = [1, 2, 3, 4, 5];
const allWeekdays = [1, 2, 3, 4, 5, 6, 7];

/** The weekday's name in the language (1 = Monday; 5 January 2026 was a Monday). */
const weekdayName = (weekday: number, language: string) =>
  new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 0, 4 + weekday)));

export function emptySearch(config: PortalConfig): SearchState {
  const form: SearchForm = {
    municipality: '',
    district: '',
    kinds: [],
    childBirthDate: '',
    wishedStart: '',
    hoursPerWeek: '',
    onlyFree: false,
    text: '',
    nearMe: false,
    radiusKm: '5',
    openFrom: '',
    openUntil: '',
    wheelchair: false,
    language: '',
    residence: '',
    concept: '',
    address: null,
    weekdays: [...workdays],
  };
  return { form, point: null, variables: variablesOf(form, null, config), view: 'list' };
}

function variablesOf(form: SearchForm, point: SearchState['point'], config: PortalConfig): SearchFacilitiesQueryVariables {
  const filter: FacilityFilter = {};
  if (form.district) filter.districts = [form.district];
  if (form.kinds.length) filter.kinds = form.kinds as FacilityFilter['kinds'];
  if (form.childBirthDate) filter.childBirthDate = form.childBirthDate;
  if (form.wishedStart) filter.wishedStart = form.wishedStart;
  if (form.hoursPerWeek) filter.hoursPerWeek = Number(form.hoursPerWeek);
  if (form.onlyFree) filter.onlyWithFreePlaces = true;
  if (form.text.trim()) filter.text = form.text.trim();
  if (point && form.radiusKm) filter.radiusKm = Number(form.radiusKm);
  if (form.openFrom && form.openUntil)
    filter.openAt = { from: form.openFrom, until: form.openUntil, weekdays: form.weekdays.length ? [...form.weekdays].sort((a, b) => a - b) : workdays };
  if (form.wheelchair) filter.accessibility = ['WHEELCHAIR_ACCESSIBLE'];
  if (form.language) filter.languages = [form.language];
  if (form.residence) filter.residence = form.residence;
  if (form.concept.trim()) filter.concepts = [form.concept.trim()];
  const municipalities = form.municipality ? [form.municipality] : config.region.length ? config.region : undefined;
  return { municipalities, near: point ?? undefined, orderBy: point ? 'DISTANCE' : 'NAME', filter, first: pageSize };
}

function currentPosition(): Promise<{ latitude: number; longitude: number }> {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) reject(new Error('no geolocation'));
    else
      navigator.geolocation.getCurrentPosition((position) => resolve({ latitude: position.coords.latitude, longitude: position.coords.longitude }), reject, {
        timeout: 10_000,
      });
  });
}

export function SearchPage({ search, onSearch, config }: { search: SearchState; onSearch: (next: SearchState) => void; config: PortalConfig }) {
  const { t, i18n } = useTranslation();
  const { list: municipalities, nameOf } = useMunicipalities();
  const [form, setForm] = useState<SearchForm>(search.form);
  const [locating, setLocating] = useState(false);
  const [locationError, setLocationError] = useState(false);
  const { data, error, loading, fetchMore } = useQuery(SearchFacilitiesDocument, { variables: search.variables });
  const { after: _after, first: _first, orderBy: _orderBy, ...markerVariables } = search.variables;
  const [loadingMore, setLoadingMore] = useState(false);
  // Phone first: the filters folded away under the search field on a small screen, open on a wide one.
  const [wide] = useState(() => window.matchMedia('(min-width: 64rem)').matches);
  // The map (Leaflet, its markers) loads only when it shows: beside the list on a wide screen, on request on a phone.
  const mapShown = wide || search.view === 'map';
  const markers = useQuery(FacilityMarkersDocument, { variables: markerVariables, skip: !mapShown });
  const [filtersOpen, setFiltersOpen] = useState(wide);

  const set = <K extends keyof SearchForm>(key: K, value: SearchForm[K]) => setForm((previous) => ({ ...previous, [key]: value }));
  const selected = municipalities.find((municipality) => municipality.key === form.municipality);
  const region = config.region.length ? municipalities.filter((municipality) => config.region.includes(municipality.key)) : municipalities;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let point: SearchState['point'] = null;
    setLocationError(false);
    if (form.address) point = { latitude: form.address.latitude, longitude: form.address.longitude };
    else if (form.nearMe) {
      setLocating(true);
      try {
        point = await currentPosition();
      } catch {
        setLocationError(true);
      } finally {
        setLocating(false);
      }
    }
    onSearch({ ...search, form, point, variables: variablesOf(form, point, config) });
    // On a phone the results matter now: the filters fold away and the results come up.
    if (!wide) {
      setFiltersOpen(false);
      requestAnimationFrame(() => document.getElementById('results-heading')?.scrollIntoView());
    }
  };

  const connection = data?.facilities;
  const edges = connection?.edges ?? [];
  const more = async () => {
    if (!connection?.pageInfo.endCursor) return;
    setLoadingMore(true);
    try {
      await fetchMore({ variables: { after: connection.pageInfo.endCursor } });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <div className="search">
      <h1 className="kern-heading-large">{t('search.title')}</h1>
      <form className="search-form" onSubmit={(event) => void submit(event)} aria-label={t('search.filters')}>
        <div className="search-form__grid">
          <TextField id="f-text" label={t('search.text')} value={form.text} onChange={(event) => set('text', event.target.value)} type="search" />
          <SelectField
            id="f-municipality"
            label={t('search.municipality')}
            value={form.municipality}
            onChange={(value) => setForm({ ...form, municipality: value, district: '' })}
          >
            <option value="">{t('search.allMunicipalities')}</option>
            {region.map((municipality) => (
              <option key={municipality.key} value={municipality.key}>
                {municipality.name}
              </option>
            ))}
          </SelectField>
        </div>
        <details className="search-form__filters" open={filtersOpen} onToggle={(event) => setFiltersOpen(event.currentTarget.open)}>
          <summary>{t('search.allFilters')}</summary>
          <div className="search-form__grid">
            <SelectField id="f-district" label={t('search.district')} value={form.district} onChange={(value) => set('district', value)}>
              <option value="">{selected ? t('search.allDistricts') : t('search.chooseMunicipalityFirst')}</option>
              {(selected?.districts ?? []).map((district) => (
                <option key={district} value={district}>
                  {district}
                </option>
              ))}
            </SelectField>
            <TextField
              id="f-birth"
              label={t('search.birthDate')}
              hint={t('search.birthDateHint')}
              type="date"
              value={form.childBirthDate}
              onChange={(event) => set('childBirthDate', event.target.value)}
            />
            <TextField
              id="f-start"
              label={t('search.wishedStart')}
              type="date"
              value={form.wishedStart}
              onChange={(event) => set('wishedStart', event.target.value)}
            />
            <TextField
              id="f-hours"
              label={t('search.hours')}
              type="number"
              inputMode="numeric"
              min={5}
              max={50}
              value={form.hoursPerWeek}
              onChange={(event) => set('hoursPerWeek', event.target.value)}
            />
          </div>
          <fieldset className="kern-fieldset search-form__kinds">
            <legend className="kern-label">{t('search.kinds')}</legend>
            <div className="kern-fieldset__body kern-fieldset__body--horizontal">
              {kinds.map((kind) => (
                <Checkbox
                  key={kind}
                  id={`f-kind-${kind}`}
                  label={t(`kind.${kind}`)}
                  checked={form.kinds.includes(kind)}
                  onChange={(checked) => set('kinds', checked ? [...form.kinds, kind] : form.kinds.filter((other) => other !== kind))}
                />
              ))}
            </div>
          </fieldset>
          <div className="search-form__row">
            <Checkbox id="f-free" label={t('search.onlyFree')} checked={form.onlyFree} onChange={(checked) => set('onlyFree', checked)} />
            {config.geocoderUrl ? (
              <AddressSearch
                id="f-address"
                geocoderUrl={config.geocoderUrl}
                texts={{
                  label: t('search.address'),
                  hint: t('search.addressHint'),
                  suggestions: t('search.addressSuggestions'),
                  count: (n) => t('search.addressCount', { n }),
                  failed: t('search.addressFailed'),
                }}
                value={form.address}
                onChange={(address) => set('address', address)}
              />
            ) : null}
            <Checkbox id="f-near" label={t('search.nearMe')} checked={form.nearMe} onChange={(checked) => set('nearMe', checked)} />
            {form.nearMe || form.address ? (
              <SelectField id="f-radius" label={t('search.radius')} value={form.radiusKm} onChange={(value) => set('radiusKm', value)}>
                {['1', '2', '3', '5', '10', '20'].map((km) => (
                  <option key={km} value={km}>
                    {t('search.km', { km })}
                  </option>
                ))}
              </SelectField>
            ) : null}
          </div>
          <details className="search-form__more">
            <summary>{t('search.more')}</summary>
            <div className="search-form__grid">
              <TextField
                id="f-open-from"
                label={t('search.openFrom')}
                type="time"
                value={form.openFrom}
                onChange={(event) => set('openFrom', event.target.value)}
              />
              <TextField
                id="f-open-until"
                label={t('search.openUntil')}
                type="time"
                value={form.openUntil}
                onChange={(event) => set('openUntil', event.target.value)}
              />
              <fieldset className="kern-fieldset search-form__weekdays">
                <legend className="kern-label">{t('search.weekdays')}</legend>
                <p className="kern-hint" id="f-weekdays-hint">
                  {t('search.weekdaysHint')}
                </p>
                <div className="kern-fieldset__body kern-fieldset__body--horizontal">
                  {allWeekdays.map((weekday) => (
                    <Checkbox
                      key={weekday}
                      id={`f-weekday-${weekday}`}
                      label={weekdayName(weekday, i18n.language)}
                      checked={form.weekdays.includes(weekday)}
                      onChange={(checked) => set('weekdays', checked ? [...form.weekdays, weekday] : form.weekdays.filter((other) => other !== weekday))}
                    />
                  ))}
                </div>
              </fieldset>
              <TextField
                id="f-concept"
                label={t('search.concept')}
                hint={t('search.conceptHint')}
                value={form.concept}
                onChange={(event) => set('concept', event.target.value)}
              />
              <SelectField id="f-language" label={t('search.language')} value={form.language} onChange={(value) => set('language', value)}>
                <option value="">{t('search.anyLanguage')}</option>
                {filterLanguages.map((code) => (
                  <option key={code} value={code}>
                    {new Intl.DisplayNames([i18n.language], { type: 'language' }).of(code)}
                  </option>
                ))}
              </SelectField>
              <SelectField
                id="f-residence"
                label={t('search.residence')}
                hint={t('search.residenceHint')}
                value={form.residence}
                onChange={(value) => set('residence', value)}
              >
                <option value="">{t('search.residenceNone')}</option>
                {municipalities.map((municipality) => (
                  <option key={municipality.key} value={municipality.key}>
                    {municipality.name}
                  </option>
                ))}
              </SelectField>
              <Checkbox id="f-wheelchair" label={t('search.wheelchair')} checked={form.wheelchair} onChange={(checked) => set('wheelchair', checked)} />
            </div>
          </details>
        </details>
        <button type="submit" className="kern-btn kern-btn--primary" disabled={locating}>
          <span className="kern-label">{locating ? t('search.locating') : t('search.submit')}</span>
        </button>
        {locationError ? <ErrorNotice message={t('search.locationFailed')} /> : null}
      </form>

      <PartialNotice error={error} listed={data?.facilities?.missingMunicipalities} />
      {error && !data ? <ErrorNotice message={t('errors.generic')} /> : null}

      <fieldset className="view-switch">
        <legend className="visually-hidden">{t('search.view')}</legend>
        <button
          type="button"
          className="kern-btn kern-btn--secondary"
          aria-pressed={search.view === 'list'}
          onClick={() => onSearch({ ...search, view: 'list' })}
        >
          <span className="kern-label">{t('search.list')}</span>
        </button>
        <button
          type="button"
          className="kern-btn kern-btn--secondary"
          aria-pressed={search.view === 'map'}
          onClick={() => onSearch({ ...search, view: 'map' })}
        >
          <span className="kern-label">{t('search.map')}</span>
        </button>
      </fieldset>

      <div className="results" data-view={search.view}>
        <section className="results__list" aria-labelledby="results-heading">
          <h2 id="results-heading" className="kern-heading-medium" aria-live="polite">
            {loading && !data
              ? t('search.loading')
              : connection?.totalCount != null
                ? t('search.count', { n: connection.totalCount })
                : t('search.countUnknown')}
          </h2>
          <ol className="result-list">
            {edges.map(({ node, distanceKm }) => (
              <li key={node.id} className="kern-card result">
                <div className="kern-card__container">
                  <div className="kern-card__header">
                    <h3 className="kern-title result__name">
                      <Link to={`/einrichtung/${encodeURIComponent(node.id)}`} className="kern-link">
                        {node.name}
                      </Link>
                    </h3>
                    <p className="kern-body kern-body--muted">
                      {t(`kind.${node.kind}`)} · {node.address.district} · {nameOf(node.municipality)}
                    </p>
                  </div>
                  <div className="kern-card__body">
                    <p className="result__facts">
                      <TrafficLight availability={node.availability} />
                      {distanceKm != null ? (
                        <span className="result__distance">{t('search.distance', { km: formatNumber(distanceKm, i18n.language) })}</span>
                      ) : null}
                      <span>{t('facility.ages', { from: node.ageRange.fromMonths, to: node.ageRange.toMonths })}</span>
                    </p>
                    <FreePlaces vacancies={node.vacancies} />
                  </div>
                  <div className="kern-card__footer">
                    <ShortlistButton
                      entry={{ id: node.id, name: node.name, kind: node.kind, municipality: node.municipality, district: node.address.district }}
                    />
                  </div>
                </div>
              </li>
            ))}
          </ol>
          {connection && edges.length === 0 ? <p>{t('search.none')}</p> : null}
          {connection?.pageInfo.hasNextPage ? (
            <button type="button" className="kern-btn kern-btn--secondary more-results" onClick={() => void more()} disabled={loadingMore}>
              <span className="kern-label">{loadingMore ? t('search.loading') : t('search.moreResults')}</span>
            </button>
          ) : null}
        </section>
        <section className="results__map" aria-label={t('search.map')}>
          {mapShown ? (
            <Contained fallback={<ErrorNotice message={t('errors.generic')} />}>
              <Suspense fallback={<p>{t('search.loading')}</p>}>
                <MapView markers={markers.data?.facilityMarkers ?? []} tileUrl={config.tileUrl} tileAttribution={config.tileAttribution} point={search.point} />
              </Suspense>
            </Contained>
          ) : null}
        </section>
      </div>
    </div>
  );
}
