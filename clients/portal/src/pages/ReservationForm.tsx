import { useLazyQuery, useMutation } from '@apollo/client/react';
import { Checkbox, SelectField, TextField } from '@kita/app-shell/fields';
import { errorCode, type FacilityKind, SaveReservationDraftDocument, SearchFacilitiesDocument, SubmitReservationDocument } from '@kita/sdk';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../auth';
import { ErrorNotice } from '../components/bits';
import { useMunicipalities, usePortal } from '../context';
import { Link, useRouter } from '../router';
import { shortlist, useShortlist } from '../shortlist';
import { ChoiceCaps } from './ShortlistPage';

/** The form as typed, kept on the device until it is released (a draft survives a reload and the login). */
interface Draft {
  applicationKey: string;
  childFirstName: string;
  childLastName: string;
  childBirthDate: string;
  guardianFirstName: string;
  guardianLastName: string;
  email: string;
  phone: string;
  street: string;
  postalCode: string;
  city: string;
  residence: string;
  wishedStart: string;
  hoursPerWeek: string;
  /** A second guardian (optional); at the first one's address unless said otherwise. */
  secondGuardian: boolean;
  guardian2FirstName: string;
  guardian2LastName: string;
  guardian2Email: string;
  guardian2Phone: string;
  guardian2SameAddress: boolean;
  guardian2Street: string;
  guardian2PostalCode: string;
  guardian2City: string;
  /** Facilities a sibling already attends (the allocation may weigh them): id, name and municipality. */
  siblings: Sibling[];
  /** Made once per release and sent again on a retry: a double click never makes two. */
  idempotencyKey: string | null;
}

const draftKey = 'kita-portal.reservation-draft';

interface Sibling {
  id: string;
  name: string;
  municipality: string;
}

/** At most this many sibling facilities per municipality (the API's limit). */
const maxSiblingFacilities = 5;

function newDraft(residence: string): Draft {
  return {
    applicationKey: crypto.randomUUID(),
    childFirstName: '',
    childLastName: '',
    childBirthDate: '',
    guardianFirstName: '',
    guardianLastName: '',
    email: '',
    phone: '',
    street: '',
    postalCode: '',
    city: '',
    residence,
    wishedStart: '',
    hoursPerWeek: '',
    secondGuardian: false,
    guardian2FirstName: '',
    guardian2LastName: '',
    guardian2Email: '',
    guardian2Phone: '',
    guardian2SameAddress: true,
    guardian2Street: '',
    guardian2PostalCode: '',
    guardian2City: '',
    siblings: [],
    idempotencyKey: null,
  };
}

function loadDraft(residence: string): Draft {
  try {
    const stored = JSON.parse(window.localStorage.getItem(draftKey) ?? 'null');
    if (stored && typeof stored.applicationKey === 'string') return { ...newDraft(residence), ...stored };
  } catch {
    // A broken draft starts anew.
  }
  return newDraft(residence);
}

const today = () => new Date().toISOString().slice(0, 10);
const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));

type Errors = Partial<Record<keyof Draft | 'choices', string>>;

const isEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

export function ReservationForm() {
  const { t } = useTranslation();
  const { config, auth } = usePortal();
  const user = useUser(auth);
  const { navigate } = useRouter();
  const { list: municipalities, nameOf, capOf } = useMunicipalities();
  const choices = useShortlist();
  const [draft, setDraft] = useState<Draft>(() => loadDraft(config.municipality));
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [savedNote, setSavedNote] = useState(false);
  const errorSummary = useRef<HTMLDivElement>(null);
  const [saveDraft] = useMutation(SaveReservationDraftDocument);
  const [submit] = useMutation(SubmitReservationDocument);

  useEffect(() => {
    window.localStorage.setItem(draftKey, JSON.stringify(draft));
  }, [draft]);

  const set = (key: keyof Draft) => (event: { target: { value: string } }) => {
    setDraft((previous) => ({ ...previous, [key]: event.target.value }));
    setSavedNote(false);
    // A field's message goes once the field changes; the next release checks it again.
    setErrors((previous) => (previous[key] ? { ...previous, [key]: undefined } : previous));
  };

  const validate = (): Errors => {
    const found: Errors = {};
    const required: (keyof Draft)[] = ['childFirstName', 'childLastName', 'guardianFirstName', 'guardianLastName', 'street', 'city', 'residence'];
    for (const key of required) if (!String(draft[key]).trim()) found[key] = t('validation.required');
    if (!isDate(draft.childBirthDate)) found.childBirthDate = t('validation.date');
    if (!isDate(draft.wishedStart)) found.wishedStart = t('validation.date');
    else if (draft.wishedStart < today()) found.wishedStart = t('validation.future');
    else if (isDate(draft.childBirthDate) && draft.wishedStart < draft.childBirthDate) found.wishedStart = t('validation.afterBirth');
    const hours = Number(draft.hoursPerWeek);
    if (!Number.isInteger(hours) || hours < 5 || hours > 50) found.hoursPerWeek = t('validation.hours');
    if (!/^\d{5}$/.test(draft.postalCode)) found.postalCode = t('validation.postalCode');
    if (!draft.email.trim() && !draft.phone.trim()) found.email = t('validation.contact');
    else if (draft.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(draft.email.trim())) found.email = t('validation.email');
    if (draft.secondGuardian) {
      if (!draft.guardian2FirstName.trim()) found.guardian2FirstName = t('validation.required');
      if (!draft.guardian2LastName.trim()) found.guardian2LastName = t('validation.required');
      if (draft.guardian2Email.trim() && !isEmail(draft.guardian2Email.trim())) found.guardian2Email = t('validation.email');
      if (!draft.guardian2SameAddress) {
        if (!draft.guardian2Street.trim()) found.guardian2Street = t('validation.required');
        if (!draft.guardian2City.trim()) found.guardian2City = t('validation.required');
        if (!/^\d{5}$/.test(draft.guardian2PostalCode)) found.guardian2PostalCode = t('validation.postalCode');
      }
    }
    const chosenIn = new Set(choices.map((choice) => choice.municipality));
    const outside = draft.siblings.find((sibling) => !chosenIn.has(sibling.municipality));
    if (outside) found.siblings = t('validation.siblingMunicipality', { name: outside.name, municipality: nameOf(outside.municipality) });
    if (choices.length === 0) found.choices = t('validation.choices');
    const counts = new Map<string, number>();
    for (const choice of choices) counts.set(choice.municipality, (counts.get(choice.municipality) ?? 0) + 1);
    for (const [municipality, count] of counts) {
      const cap = capOf(municipality);
      if (cap != null && count > cap) found.choices = t('validation.cap', { name: nameOf(municipality), cap });
    }
    return found;
  };

  const release = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFailure(null);
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length) {
      requestAnimationFrame(() => errorSummary.current?.focus());
      return;
    }
    if (!user) {
      void auth.login('/vormerkung');
      return;
    }
    setBusy(true);
    const idempotencyKey = draft.idempotencyKey ?? crypto.randomUUID();
    const withKey = { ...draft, idempotencyKey };
    setDraft(withKey);
    window.localStorage.setItem(draftKey, JSON.stringify(withKey));
    try {
      const parts = new Map<string, { facilityId: string; rank: number }[]>();
      choices.forEach((choice, index) =>
        parts.set(choice.municipality, [...(parts.get(choice.municipality) ?? []), { facilityId: choice.id, rank: index + 1 }]),
      );
      const kindsOfCare = [...new Set(choices.map((choice) => choice.kind))] as FacilityKind[];
      const address = { street: draft.street.trim(), postalCode: draft.postalCode, city: draft.city.trim(), residenceMunicipality: draft.residence };
      const guardians = [
        {
          firstName: draft.guardianFirstName.trim(),
          lastName: draft.guardianLastName.trim(),
          email: draft.email.trim() || null,
          phone: draft.phone.trim() || null,
          address,
        },
      ];
      if (draft.secondGuardian)
        guardians.push({
          firstName: draft.guardian2FirstName.trim(),
          lastName: draft.guardian2LastName.trim(),
          email: draft.guardian2Email.trim() || null,
          phone: draft.guardian2Phone.trim() || null,
          address: draft.guardian2SameAddress
            ? address
            : {
                street: draft.guardian2Street.trim(),
                postalCode: draft.guardian2PostalCode,
                city: draft.guardian2City.trim(),
                residenceMunicipality: draft.residence,
              },
        });
      const input = {
        applicationKey: draft.applicationKey,
        child: { firstName: draft.childFirstName.trim(), lastName: draft.childLastName.trim(), birthDate: draft.childBirthDate },
        guardians,
        wishedStart: draft.wishedStart,
        hoursPerWeek: Number(draft.hoursPerWeek),
        kindsOfCare,
      };
      // One part per municipality, the ranks across all of them; then each part is released.
      for (const [municipality, ranked] of parts) {
        // Each municipality hears only of its own facilities where siblings are.
        const siblingFacilityIds = draft.siblings.filter((sibling) => sibling.municipality === municipality).map((sibling) => sibling.id);
        await saveDraft({ variables: { municipality, input: { ...input, choices: ranked, siblingFacilityIds } } });
      }
      for (const municipality of parts.keys()) await submit({ variables: { municipality, applicationKey: draft.applicationKey, idempotencyKey } });
      window.localStorage.removeItem(draftKey);
      for (const choice of choices) shortlist.remove(choice.id);
      navigate('/meine-vormerkungen?released=1');
    } catch (error) {
      const code = errorCode(error) ?? 'generic';
      setFailure(t(`errors.${code}`, { defaultValue: t('errors.generic') }));
    } finally {
      setBusy(false);
    }
  };

  const field = (key: keyof Draft, label: string, extra: Record<string, unknown> = {}) => (
    <TextField id={`r-${key}`} label={label} value={String(draft[key] ?? '')} onChange={set(key)} error={errors[key]} {...extra} />
  );
  const errorList = Object.entries(errors).filter(([, message]) => message);
  // The summary names each field, so that a list of "please fill in" still says where.
  const child = t('reserve.child');
  const guardian = t('reserve.guardian');
  const labels: Record<string, string> = {
    choices: t('reserve.choices'),
    childFirstName: `${t('reserve.firstName')} (${child})`,
    childLastName: `${t('reserve.lastName')} (${child})`,
    childBirthDate: `${t('reserve.birthDate')} (${child})`,
    guardianFirstName: `${t('reserve.firstName')} (${guardian})`,
    guardianLastName: `${t('reserve.lastName')} (${guardian})`,
    email: t('reserve.email'),
    phone: t('reserve.phone'),
    street: t('reserve.street'),
    postalCode: t('reserve.postalCode'),
    city: t('reserve.city'),
    residence: t('reserve.residence'),
    wishedStart: t('reserve.wishedStart'),
    hoursPerWeek: t('reserve.hours'),
    guardian2FirstName: `${t('reserve.firstName')} (${t('reserve.guardian2')})`,
    guardian2LastName: `${t('reserve.lastName')} (${t('reserve.guardian2')})`,
    guardian2Email: `${t('reserve.email')} (${t('reserve.guardian2')})`,
    guardian2Street: `${t('reserve.street')} (${t('reserve.guardian2')})`,
    guardian2PostalCode: `${t('reserve.postalCode')} (${t('reserve.guardian2')})`,
    guardian2City: `${t('reserve.city')} (${t('reserve.guardian2')})`,
    siblings: t('reserve.siblings'),
  };

  return (
    <section className="reservation-form">
      <h1 className="kern-heading-large">{t('reserve.title')}</h1>
      <p className="kern-body">{t('reserve.intro')}</p>
      {!user ? (
        <div className="kern-alert kern-alert--info" role="note">
          <div className="kern-alert__body">
            <p className="kern-body">{t('reserve.loginNeeded')}</p>
            <button type="button" className="kern-btn kern-btn--secondary" onClick={() => void auth.login('/vormerkung')}>
              <span className="kern-label">{t('login.login')}</span>
            </button>
          </div>
        </div>
      ) : null}
      {errorList.length ? (
        <div className="kern-alert kern-alert--danger" ref={errorSummary} tabIndex={-1} role="alert">
          <div className="kern-alert__header">
            <span className="kern-title">{t('validation.summary', { n: errorList.length })}</span>
          </div>
          <div className="kern-alert__body">
            <ul>
              {errorList.map(([key, message]) => (
                <li key={key}>
                  <a href={key === 'choices' ? '#r-choices' : key === 'siblings' ? '#r-siblings-query' : `#r-${key}`}>
                    {labels[key]}: {message}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
      {failure ? <ErrorNotice message={failure} /> : null}
      <form onSubmit={(event) => void release(event)} noValidate>
        <fieldset className="kern-fieldset" id="r-choices" tabIndex={-1}>
          <legend className="kern-heading-small">{t('reserve.choices')}</legend>
          {choices.length ? (
            <ol className="reservation-form__choices">
              {choices.map((choice) => (
                <li key={choice.id}>
                  {choice.name} <span className="kern-body--muted">({nameOf(choice.municipality)})</span>
                </li>
              ))}
            </ol>
          ) : (
            <p>{t('reserve.noChoices')}</p>
          )}
          <ChoiceCaps />
          {errors.choices ? (
            <p className="kern-error field-error">
              <span className="kern-body">{errors.choices}</span>
            </p>
          ) : null}
          <Link to="/merkliste" className="kern-link">
            {t('reserve.editChoices')}
          </Link>
        </fieldset>
        <fieldset className="kern-fieldset">
          <legend className="kern-heading-small">{t('reserve.child')}</legend>
          <div className="form-grid">
            {field('childFirstName', t('reserve.firstName'), { autoComplete: 'off' })}
            {field('childLastName', t('reserve.lastName'), { autoComplete: 'off' })}
            {field('childBirthDate', t('reserve.birthDate'), { type: 'date', hint: t('reserve.birthDateHint') })}
          </div>
        </fieldset>
        <fieldset className="kern-fieldset">
          <legend className="kern-heading-small">{t('reserve.guardian')}</legend>
          <div className="form-grid">
            {field('guardianFirstName', t('reserve.firstName'), { autoComplete: 'given-name' })}
            {field('guardianLastName', t('reserve.lastName'), { autoComplete: 'family-name' })}
            {field('email', t('reserve.email'), { type: 'email', autoComplete: 'email', hint: t('reserve.contactHint') })}
            {field('phone', t('reserve.phone'), { type: 'tel', autoComplete: 'tel', optional: t('reserve.optional') })}
            {field('street', t('reserve.street'), { autoComplete: 'street-address' })}
            {field('postalCode', t('reserve.postalCode'), { inputMode: 'numeric', autoComplete: 'postal-code' })}
            {field('city', t('reserve.city'), { autoComplete: 'address-level2' })}
            <SelectField
              id="r-residence"
              label={t('reserve.residence')}
              hint={t('reserve.residenceHint')}
              value={draft.residence}
              onChange={(value) => set('residence')({ target: { value } })}
              error={errors.residence}
            >
              <option value="">{t('reserve.choose')}</option>
              {municipalities.map((municipality) => (
                <option key={municipality.key} value={municipality.key}>
                  {municipality.name}
                </option>
              ))}
            </SelectField>
          </div>
        </fieldset>
        <fieldset className="kern-fieldset">
          <legend className="kern-heading-small">{t('reserve.guardian2')}</legend>
          <Checkbox
            id="r-secondGuardian"
            label={t('reserve.addGuardian2')}
            checked={draft.secondGuardian}
            onChange={(checked) => setDraft((previous) => ({ ...previous, secondGuardian: checked }))}
          />
          {draft.secondGuardian ? (
            <div className="form-grid">
              {field('guardian2FirstName', t('reserve.firstName'), { autoComplete: 'off' })}
              {field('guardian2LastName', t('reserve.lastName'), { autoComplete: 'off' })}
              {field('guardian2Email', t('reserve.email'), { type: 'email', autoComplete: 'off', optional: t('reserve.optional') })}
              {field('guardian2Phone', t('reserve.phone'), { type: 'tel', autoComplete: 'off', optional: t('reserve.optional') })}
              <Checkbox
                id="r-guardian2SameAddress"
                label={t('reserve.sameAddress')}
                checked={draft.guardian2SameAddress}
                onChange={(checked) => setDraft((previous) => ({ ...previous, guardian2SameAddress: checked }))}
              />
              {!draft.guardian2SameAddress ? (
                <>
                  {field('guardian2Street', t('reserve.street'), { autoComplete: 'off' })}
                  {field('guardian2PostalCode', t('reserve.postalCode'), { inputMode: 'numeric', autoComplete: 'off' })}
                  {field('guardian2City', t('reserve.city'), { autoComplete: 'off' })}
                </>
              ) : null}
            </div>
          ) : null}
        </fieldset>
        <SiblingFacilities siblings={draft.siblings} error={errors.siblings} onChange={(siblings) => setDraft((previous) => ({ ...previous, siblings }))} />
        <fieldset className="kern-fieldset">
          <legend className="kern-heading-small">{t('reserve.care')}</legend>
          <div className="form-grid">
            {field('wishedStart', t('reserve.wishedStart'), { type: 'date' })}
            {field('hoursPerWeek', t('reserve.hours'), { type: 'number', inputMode: 'numeric', min: 5, max: 50, hint: t('reserve.hoursHint') })}
          </div>
        </fieldset>
        <div className="reservation-form__buttons">
          <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setSavedNote(true)}>
            <span className="kern-label">{t('reserve.saveDraft')}</span>
          </button>
          <button type="submit" className="kern-btn kern-btn--primary" disabled={busy} aria-busy={busy}>
            <span className="kern-label">{busy ? t('reserve.releasing') : t('reserve.release')}</span>
          </button>
        </div>
        <p role="status" className="kern-body kern-body--muted">
          {savedNote ? t('reserve.draftSaved') : ''}
        </p>
      </form>
    </section>
  );
}

/**
 * Facilities a sibling of the child already attends (Geschwisterkind): found by name, at most 5 per
 * municipality; each municipality's part names only its own. No sibling's name is asked.
 */
function SiblingFacilities({ siblings, error, onChange }: { siblings: Sibling[]; error?: string; onChange: (siblings: Sibling[]) => void }) {
  const { t } = useTranslation();
  const { config } = usePortal();
  const { nameOf } = useMunicipalities();
  const [query, setQuery] = useState('');
  const [search, { data, loading }] = useLazyQuery(SearchFacilitiesDocument);
  const found = (data?.facilities?.edges ?? []).map((edge) => edge.node).filter((node) => !siblings.some((sibling) => sibling.id === node.id));
  const find = () => {
    if (query.trim().length < 2) return;
    void search({
      variables: { municipalities: config.region.length ? config.region : undefined, orderBy: 'NAME', filter: { text: query.trim() }, first: 5 },
    });
  };
  const full = (municipality: string) => siblings.filter((sibling) => sibling.municipality === municipality).length >= maxSiblingFacilities;
  return (
    <fieldset className="kern-fieldset sibling-facilities">
      <legend className="kern-heading-small">{t('reserve.siblings')}</legend>
      <p className="kern-hint">{t('reserve.siblingsHint')}</p>
      {siblings.length ? (
        <ul className="sibling-facilities__chosen">
          {siblings.map((sibling) => (
            <li key={sibling.id}>
              {sibling.name} <span className="kern-body--muted">({nameOf(sibling.municipality)})</span>{' '}
              <button
                type="button"
                className="kern-btn kern-btn--tertiary kern-btn--x-small"
                onClick={() => onChange(siblings.filter((other) => other.id !== sibling.id))}
              >
                <span className="kern-label">
                  {t('shortlist.remove')}
                  <span className="visually-hidden">: {sibling.name}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="sibling-facilities__search">
        <TextField
          id="r-siblings-query"
          label={t('reserve.siblingSearch')}
          value={query}
          error={error}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              find();
            }
          }}
        />
        <button type="button" className="kern-btn kern-btn--secondary" onClick={find} disabled={loading}>
          <span className="kern-label">{t('reserve.siblingFind')}</span>
        </button>
      </div>
      <ul className="sibling-facilities__found" aria-live="polite">
        {found.map((facility) => (
          <li key={facility.id}>
            {facility.name}{' '}
            <span className="kern-body--muted">
              ({facility.address.district}, {nameOf(facility.municipality)})
            </span>{' '}
            <button
              type="button"
              className="kern-btn kern-btn--secondary kern-btn--x-small"
              disabled={full(facility.municipality)}
              onClick={() => onChange([...siblings, { id: facility.id, name: facility.name, municipality: facility.municipality }])}
            >
              <span className="kern-label">
                {t('reserve.siblingAdd')}
                <span className="visually-hidden">: {facility.name}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
