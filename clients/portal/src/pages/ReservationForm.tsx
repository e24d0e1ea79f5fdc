import { useMutation } from '@apollo/client/react';
import { SelectField, TextField } from '@kita/app-shell/fields';
import { errorCode, type FacilityKind, SaveReservationDraftDocument, SubmitReservationDocument } from '@kita/sdk';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../auth';
import { ErrorNotice } from '../components/bits';
import { maxChoicesOf } from '../config';
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
  /** Made once per release and sent again on a retry: a double click never makes two. */
  idempotencyKey: string | null;
}

const draftKey = 'kita-portal.reservation-draft';

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

export function ReservationForm() {
  const { t } = useTranslation();
  const { config, auth } = usePortal();
  const user = useUser(auth);
  const { navigate } = useRouter();
  const { list: municipalities, nameOf } = useMunicipalities();
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
    if (choices.length === 0) found.choices = t('validation.choices');
    const counts = new Map<string, number>();
    for (const choice of choices) counts.set(choice.municipality, (counts.get(choice.municipality) ?? 0) + 1);
    for (const [municipality, count] of counts) {
      const cap = maxChoicesOf(config, municipality);
      if (count > cap) found.choices = t('validation.cap', { name: nameOf(municipality), cap });
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
      const input = {
        applicationKey: draft.applicationKey,
        child: { firstName: draft.childFirstName.trim(), lastName: draft.childLastName.trim(), birthDate: draft.childBirthDate },
        guardians: [
          {
            firstName: draft.guardianFirstName.trim(),
            lastName: draft.guardianLastName.trim(),
            email: draft.email.trim() || null,
            phone: draft.phone.trim() || null,
            address: { street: draft.street.trim(), postalCode: draft.postalCode, city: draft.city.trim(), residenceMunicipality: draft.residence },
          },
        ],
        wishedStart: draft.wishedStart,
        hoursPerWeek: Number(draft.hoursPerWeek),
        kindsOfCare,
      };
      // One part per municipality, the ranks across all of them; then each part is released.
      for (const [municipality, ranked] of parts) await saveDraft({ variables: { municipality, input: { ...input, choices: ranked } } });
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
                  <a href={key === 'choices' ? '#r-choices' : `#r-${key}`}>
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
