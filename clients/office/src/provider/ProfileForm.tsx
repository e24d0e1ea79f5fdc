import { AddressSearch, type ChosenAddress } from '@kita/app-shell/address-search';
import { Checkbox, SelectField, TextArea, TextField } from '@kita/app-shell/fields';
import type { FacilityKind, HoursBand } from '@kita/sdk';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../components/notices';
import { useWorkspace } from '../context';
import { accessibilityFeatures, carrierTypes, checkDraft, hoursBands, kinds, meals, type ProfileDraft } from './profile';

export interface MunicipalityChoice {
  key: string;
  name: string;
  districts: string[];
  centroid?: { latitude: number; longitude: number } | null;
}

interface Props {
  initial: ProfileDraft;
  /** Registration: the municipalities to choose from (the office responsible); absent when editing. */
  municipalities?: MunicipalityChoice[];
  initialMunicipality?: string;
  /** The districts of the facility's municipality when editing. */
  districts?: string[];
  /** Whether the kind may still change (a draft or returned profile without permit). */
  kindLocked?: boolean;
  submitLabel: string;
  busy: boolean;
  /** The field the subgraph refused, with the notice above the form. */
  serverField?: string;
  serverError?: string | null;
  onSubmit: (draft: ProfileDraft, municipality: string) => void;
}

/** The whole profile of a facility: register or edit; messages next to the fields, the first one focused. */
export function ProfileForm(props: Props) {
  const { t } = useTranslation();
  const { config } = useWorkspace();
  const [draft, setDraft] = useState<ProfileDraft>(props.initial);
  const [found, setFound] = useState<ChosenAddress | null>(null);
  const [municipality, setMunicipality] = useState(props.initialMunicipality ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const form = useRef<HTMLFormElement>(null);

  // A field the subgraph refused gets the focus, as one found here would.
  useEffect(() => {
    if (props.serverField) form.current?.querySelector<HTMLElement>(`#p-${props.serverField}`)?.focus();
  }, [props.serverField]);

  const choice = props.municipalities?.find((candidate) => candidate.key === municipality);
  const districts = props.municipalities ? (choice?.districts ?? []) : (props.districts ?? []);
  const set = <K extends keyof ProfileDraft>(key: K, value: ProfileDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const setGroup = (index: number, patch: Partial<ProfileDraft['groups'][number]>) =>
    setDraft((current) => ({ ...current, groups: current.groups.map((group, at) => (at === index ? { ...group, ...patch } : group)) }));
  const setDay = (weekday: number, patch: Partial<ProfileDraft['hours'][number]>) =>
    setDraft((current) => ({ ...current, hours: current.hours.map((day) => (day.weekday === weekday ? { ...day, ...patch } : day)) }));
  const toggle = (key: 'meals' | 'accessibility', value: string, on: boolean) =>
    setDraft((current) => ({ ...current, [key]: on ? [...current[key], value] : current[key].filter((item) => item !== value) }));

  const chooseMunicipality = (key: string) => {
    setMunicipality(key);
    const next = props.municipalities?.find((candidate) => candidate.key === key);
    // Where the facility lies until the provider says better: the municipality's middle.
    if (next?.centroid)
      setDraft((current) => ({
        ...current,
        district: next.districts.includes(current.district) ? current.district : '',
        latitude: String(next.centroid!.latitude),
        longitude: String(next.centroid!.longitude),
      }));
  };

  // An address chosen in the search: its parts fill the address fields it has, its point the location.
  const takeAddress = (address: ChosenAddress | null) => {
    if (!address) return;
    const parts = address.parts ?? {};
    setDraft((current) => ({
      ...current,
      street: parts.street ? [parts.street, parts.housenumber].filter(Boolean).join(' ') : current.street,
      postalCode: parts.postcode ?? current.postalCode,
      city: parts.city ?? current.city,
      district: parts.district && (districts.length === 0 || districts.includes(parts.district)) ? parts.district : current.district,
      latitude: String(address.latitude),
      longitude: String(address.longitude),
    }));
    setFound(address);
  };

  const message = (field: string) => {
    const key = errors[field] ?? (props.serverField === field ? 'server' : undefined);
    return key ? t(`provider.form.errors.${key}`) : undefined;
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    // In the order of the form: the municipality comes first.
    const found: Record<string, string> = { ...(props.municipalities && !municipality ? { municipality: 'required' } : {}), ...checkDraft(draft) };
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      // The first field to fix gets the focus (the group list's fieldset when the groups as a whole are wrong).
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>(`#p-${first}`)?.focus());
      return;
    }
    props.onSubmit(draft, municipality);
  };

  const errorCount = Object.keys(errors).length;
  const groupsMessage = message('groups');

  return (
    <form ref={form} className="profile-form" noValidate onSubmit={submit}>
      {errorCount > 0 ? <ErrorNotice>{t('provider.form.errorCount', { count: errorCount })}</ErrorNotice> : null}
      {props.serverError ? <ErrorNotice>{props.serverError}</ErrorNotice> : null}

      <fieldset className="panel">
        <legend className="kern-title">{t('provider.form.basics')}</legend>
        {props.municipalities ? (
          <SelectField
            id="p-municipality"
            label={t('provider.form.municipality')}
            hint={t('provider.form.municipalityHint')}
            error={message('municipality')}
            value={municipality}
            onChange={chooseMunicipality}
          >
            <option value="">{t('provider.form.choose')}</option>
            {props.municipalities.map((candidate) => (
              <option key={candidate.key} value={candidate.key}>
                {candidate.name}
              </option>
            ))}
          </SelectField>
        ) : null}
        <SelectField
          id="p-kind"
          label={t('provider.form.kind')}
          hint={props.kindLocked ? t('provider.form.kindLocked') : undefined}
          error={message('kind')}
          value={draft.kind}
          onChange={(value) => {
            if (!props.kindLocked) set('kind', value as FacilityKind);
          }}
        >
          {kinds
            .filter((kind) => !props.kindLocked || kind === draft.kind)
            .map((kind) => (
              <option key={kind} value={kind}>
                {t(`kind.${kind}`)}
              </option>
            ))}
        </SelectField>
        <TextField
          id="p-name"
          label={t('provider.form.name')}
          hint={t('provider.form.nameHint')}
          error={message('name')}
          value={draft.name}
          onChange={(event) => set('name', event.target.value)}
          autoComplete="organization"
        />
        <TextField
          id="p-carrier"
          label={t('provider.form.carrier')}
          hint={t('provider.form.carrierHint')}
          error={message('carrier')}
          value={draft.carrier}
          onChange={(event) => set('carrier', event.target.value)}
        />
        <SelectField id="p-carrierType" label={t('provider.form.carrierType')} value={draft.carrierType} onChange={(value) => set('carrierType', value)}>
          {carrierTypes.map((type) => (
            <option key={type} value={type}>
              {t(`carrierType.${type}`)}
            </option>
          ))}
        </SelectField>
      </fieldset>

      <fieldset className="panel">
        <legend className="kern-title">{t('provider.form.address')}</legend>
        {config.geocoderUrl ? (
          <>
            <AddressSearch
              id="p-address-search"
              geocoderUrl={config.geocoderUrl}
              texts={{
                label: t('provider.form.addressSearch'),
                hint: t('provider.form.addressSearchHint'),
                suggestions: t('provider.form.addressSuggestions'),
                count: (n) => t('provider.form.addressCount', { n }),
                failed: t('provider.form.addressFailed'),
              }}
              value={found}
              onChange={takeAddress}
            />
            {found ? (
              <p className="kern-body address-found" role="status">
                {t('provider.form.addressFound', { latitude: draft.latitude, longitude: draft.longitude })}
              </p>
            ) : null}
          </>
        ) : null}
        <TextField
          id="p-street"
          label={t('provider.form.street')}
          error={message('street')}
          value={draft.street}
          onChange={(event) => set('street', event.target.value)}
          autoComplete="street-address"
        />
        <div className="form-grid">
          <TextField
            id="p-postalCode"
            label={t('provider.form.postalCode')}
            error={message('postalCode')}
            value={draft.postalCode}
            onChange={(event) => set('postalCode', event.target.value)}
            inputMode="numeric"
            autoComplete="postal-code"
          />
          <TextField
            id="p-city"
            label={t('provider.form.city')}
            error={message('city')}
            value={draft.city}
            onChange={(event) => set('city', event.target.value)}
            autoComplete="address-level2"
          />
        </div>
        {districts.length > 0 ? (
          <SelectField
            id="p-district"
            label={t('provider.form.district')}
            hint={t('provider.form.districtHint')}
            error={message('district')}
            value={draft.district}
            onChange={(value) => set('district', value)}
          >
            <option value="">{t('provider.form.choose')}</option>
            {districts.map((district) => (
              <option key={district} value={district}>
                {district}
              </option>
            ))}
          </SelectField>
        ) : (
          <TextField
            id="p-district"
            label={t('provider.form.district')}
            hint={t('provider.form.districtHint')}
            error={message('district')}
            value={draft.district}
            onChange={(event) => set('district', event.target.value)}
          />
        )}
        <details className="form-details" open={Boolean(message('latitude') || message('longitude'))}>
          <summary>{t('provider.form.location')}</summary>
          <p className="kern-hint">{t('provider.form.locationHint')}</p>
          <div className="form-grid">
            <TextField
              id="p-latitude"
              label={t('provider.form.latitude')}
              error={message('latitude')}
              value={draft.latitude}
              onChange={(event) => set('latitude', event.target.value)}
              inputMode="decimal"
            />
            <TextField
              id="p-longitude"
              label={t('provider.form.longitude')}
              error={message('longitude')}
              value={draft.longitude}
              onChange={(event) => set('longitude', event.target.value)}
              inputMode="decimal"
            />
          </div>
        </details>
      </fieldset>

      <fieldset className="panel">
        <legend className="kern-title">{t('provider.form.contact')}</legend>
        <TextField
          id="p-phone"
          type="tel"
          label={t('provider.form.phone')}
          optional={t('common.optional')}
          error={message('phone')}
          value={draft.phone}
          onChange={(event) => set('phone', event.target.value)}
          autoComplete="tel"
        />
        <TextField
          id="p-email"
          type="email"
          label={t('provider.form.email')}
          optional={t('common.optional')}
          error={message('email')}
          value={draft.email}
          onChange={(event) => set('email', event.target.value)}
          autoComplete="email"
        />
        <TextField
          id="p-website"
          type="url"
          label={t('provider.form.website')}
          optional={t('common.optional')}
          hint={t('provider.form.websiteHint')}
          error={message('website')}
          value={draft.website}
          onChange={(event) => set('website', event.target.value)}
        />
      </fieldset>

      <fieldset className="panel">
        <legend className="kern-title">{t('provider.form.offer')}</legend>
        <TextArea
          id="p-description"
          label={t('provider.form.description')}
          hint={t('provider.form.descriptionHint')}
          optional={t('common.optional')}
          error={message('description')}
          value={draft.description}
          rows={6}
          maxLength={2000}
          onChange={(event) => set('description', event.target.value)}
        />
        <TextField
          id="p-concepts"
          label={t('provider.form.concepts')}
          hint={t('provider.form.conceptsHint')}
          optional={t('common.optional')}
          error={message('concepts')}
          value={draft.concepts}
          onChange={(event) => set('concepts', event.target.value)}
        />
        <TextField
          id="p-languages"
          label={t('provider.form.languages')}
          hint={t('provider.form.languagesHint')}
          error={message('languages')}
          value={draft.languages}
          onChange={(event) => set('languages', event.target.value)}
        />
        <fieldset className="opening-hours" id="p-hours" tabIndex={-1} aria-describedby={message('hours') ? 'p-hours-error' : undefined}>
          <legend className="kern-label">{t('provider.form.openingHours')}</legend>
          {message('hours') ? (
            <p className="kern-error field-error" id="p-hours-error">
              <span className="kern-body">{message('hours')}</span>
            </p>
          ) : null}
          {draft.hours.map((day) => {
            const name = t(`provider.form.weekdays.${day.weekday}`);
            return (
              <div key={day.weekday} className="opening-hours__day">
                <Checkbox id={`p-hours-${day.weekday}`} label={name} checked={day.open} onChange={(open) => setDay(day.weekday, { open })} />
                {day.open ? (
                  <div className="form-grid">
                    <TextField
                      id={`p-hours-${day.weekday}-opens`}
                      type="time"
                      label={t('provider.form.opensOn', { day: name })}
                      error={message(`hours-${day.weekday}-opens`)}
                      value={day.opens}
                      onChange={(event) => setDay(day.weekday, { opens: event.target.value })}
                    />
                    <TextField
                      id={`p-hours-${day.weekday}-closes`}
                      type="time"
                      label={t('provider.form.closesOn', { day: name })}
                      error={message(`hours-${day.weekday}-closes`)}
                      value={day.closes}
                      onChange={(event) => setDay(day.weekday, { closes: event.target.value })}
                    />
                  </div>
                ) : null}
              </div>
            );
          })}
        </fieldset>
        <fieldset className="checks">
          <legend className="kern-label">{t('provider.form.accessibility')}</legend>
          {accessibilityFeatures.map((feature) => (
            <Checkbox
              key={feature}
              id={`p-accessibility-${feature}`}
              label={t(`accessibility.${feature}`)}
              checked={draft.accessibility.includes(feature)}
              onChange={(on) => toggle('accessibility', feature, on)}
            />
          ))}
        </fieldset>
        <fieldset className="checks">
          <legend className="kern-label">{t('provider.form.meals')}</legend>
          {meals.map((meal) => (
            <Checkbox
              key={meal}
              id={`p-meals-${meal}`}
              label={t(`meals.${meal}`)}
              checked={draft.meals.includes(meal)}
              onChange={(on) => toggle('meals', meal, on)}
            />
          ))}
        </fieldset>
        <Checkbox
          id="p-boundToResidence"
          label={t('provider.form.boundToResidence')}
          checked={draft.boundToResidence ?? draft.kind === 'KINDERTAGESSTAETTE'}
          onChange={(on) => set('boundToResidence', on)}
        />
      </fieldset>

      <fieldset className="panel" id="p-groups" tabIndex={-1} aria-describedby={groupsMessage ? 'p-groups-error' : 'p-groups-hint'}>
        <legend className="kern-title">{t('provider.form.groups')}</legend>
        <p className="kern-hint" id="p-groups-hint">
          {t('provider.form.groupsHint')}
        </p>
        {groupsMessage ? (
          <p className="kern-error field-error" id="p-groups-error">
            <span className="kern-body">{groupsMessage}</span>
          </p>
        ) : null}
        {draft.groups.map((group, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: groups have no identity of their own; the index is their place in the form
          <fieldset key={index} className="group-fields">
            <legend className="kern-label">{t('provider.form.group', { n: index + 1 })}</legend>
            <TextField
              id={`p-group-${index}-name`}
              label={t('provider.form.groupName')}
              error={message(`group-${index}-name`)}
              value={group.name}
              onChange={(event) => setGroup(index, { name: event.target.value })}
            />
            <div className="form-grid">
              <TextField
                id={`p-group-${index}-fromMonths`}
                label={t('provider.form.fromMonths')}
                error={message(`group-${index}-fromMonths`)}
                value={group.fromMonths}
                inputMode="numeric"
                onChange={(event) => setGroup(index, { fromMonths: event.target.value })}
              />
              <TextField
                id={`p-group-${index}-toMonths`}
                label={t('provider.form.toMonths')}
                error={message(`group-${index}-toMonths`)}
                value={group.toMonths}
                inputMode="numeric"
                onChange={(event) => setGroup(index, { toMonths: event.target.value })}
              />
              <SelectField
                id={`p-group-${index}-hoursBand`}
                label={t('provider.form.hoursBand')}
                value={group.hoursBand}
                onChange={(value) => setGroup(index, { hoursBand: value as HoursBand })}
              >
                {hoursBands.map((band) => (
                  <option key={band} value={band}>
                    {t(`hours.${band}`)}
                  </option>
                ))}
              </SelectField>
              <TextField
                id={`p-group-${index}-capacity`}
                label={t('provider.form.capacity')}
                error={message(`group-${index}-capacity`)}
                value={group.capacity}
                inputMode="numeric"
                onChange={(event) => setGroup(index, { capacity: event.target.value })}
              />
            </div>
            {draft.groups.length > 1 ? (
              <button
                type="button"
                className="kern-btn kern-btn--tertiary"
                onClick={() => setDraft((current) => ({ ...current, groups: current.groups.filter((_, at) => at !== index) }))}
              >
                <span className="kern-label">{t('provider.form.removeGroup', { n: index + 1 })}</span>
              </button>
            ) : null}
          </fieldset>
        ))}
        <button
          type="button"
          className="kern-btn kern-btn--secondary"
          onClick={() =>
            setDraft((current) => ({
              ...current,
              groups: [...current.groups, { name: '', fromMonths: '0', toMonths: '36', hoursBand: 'FULL_DAY', capacity: '1' }],
            }))
          }
        >
          <span className="kern-label">{t('provider.form.addGroup')}</span>
        </button>
      </fieldset>

      <div className="actions">
        <button type="submit" className="kern-btn kern-btn--primary" disabled={props.busy}>
          <span className="kern-label">{props.submitLabel}</span>
        </button>
      </div>
    </form>
  );
}
