import { useMutation, useQuery } from '@apollo/client/react';
import {
  DeskFacilitiesDocument,
  DeskFileReservationForFamilyDocument,
  type DeskFileReservationForFamilyMutation,
  type FacilityKind,
  type FilingChannel,
} from '@kita/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMunicipalities } from './municipalities';
import { Button, Checkbox, formatDay, Notice, SelectField, TextField, useAction } from './ui';

// Filing a Vormerkung for a family that comes to the desk, phones or sends the paper form: the same
// fields as the portal's form, the channel recorded and the family's consent noted. The answer's
// one-time code is shown once, for the family to take the Vormerkung over into its portal account.

const kinds: FacilityKind[] = ['KINDERTAGESSTAETTE', 'KINDERTAGESPFLEGE', 'GROSSTAGESPFLEGE'];
const channels: FilingChannel[] = ['PAPER', 'DESK', 'PHONE'];
const maxChoices = 3;

interface Form {
  childFirstName: string;
  childLastName: string;
  birthDate: string;
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
  kinds: FacilityKind[];
  choices: string[];
  channel: FilingChannel | '';
  consentNoted: boolean;
}

type Errors = Partial<Record<keyof Form | 'choice0', string>>;

function check(form: Form, t: (key: string) => string): Errors {
  const errors: Errors = {};
  const required: (keyof Form)[] = ['childFirstName', 'childLastName', 'birthDate', 'guardianFirstName', 'guardianLastName', 'street', 'city', 'wishedStart'];
  for (const key of required) if (!String(form[key]).trim()) errors[key] = t('office.filing.required');
  if (!/^\d{5}$/.test(form.postalCode)) errors.postalCode = t('office.filing.postalCodeError');
  if (!form.email.trim() && !form.phone.trim()) errors.phone = t('office.filing.contact');
  const hours = Number(form.hoursPerWeek);
  if (!Number.isInteger(hours) || hours < 1 || hours > 45) errors.hoursPerWeek = t('office.filing.hours');
  if (!form.choices[0]) errors.choice0 = t('office.filing.choiceNeeded');
  if (!form.channel) errors.channel = t('office.filing.channelNeeded');
  if (!form.consentNoted) errors.consentNoted = t('office.filing.consentNeeded');
  return errors;
}

function Filed({ filing, onAnother }: { filing: DeskFileReservationForFamilyMutation['fileReservationForFamily']; onAnother: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="filed-title">
      <h1 className="kern-heading-large" id="filed-title" tabIndex={-1}>
        {t('office.filing.filed')}
      </h1>
      <div className="panel takeover">
        <h2 className="kern-heading-medium">{t('office.filing.codeTitle')}</h2>
        <p className="takeover__code">{filing.takeoverCode}</p>
        <p className="kern-body">{t('office.filing.codeHint')}</p>
      </div>
      <p className="kern-body">{t('office.filing.summary', { date: formatDay(filing.part.wishedStart, i18n.language), hours: filing.part.hoursPerWeek })}</p>
      <ol className="desk-list">
        {filing.part.choices.map((choice) => (
          <li key={choice.id}>
            {choice.rank}. {choice.facility.name}: {t(`office.status.${choice.status}`)}
          </li>
        ))}
      </ol>
      <Button kind="secondary" onClick={onAnother}>
        {t('office.filing.another')}
      </Button>
    </section>
  );
}

export function Filing({ municipality }: { municipality: string }) {
  const { t } = useTranslation();
  const { list: registry } = useMunicipalities();
  const empty: Form = {
    childFirstName: '',
    childLastName: '',
    birthDate: '',
    guardianFirstName: '',
    guardianLastName: '',
    email: '',
    phone: '',
    street: '',
    postalCode: '',
    city: '',
    residence: municipality,
    wishedStart: '',
    hoursPerWeek: '',
    kinds: ['KINDERTAGESSTAETTE'],
    choices: [],
    channel: '',
    consentNoted: false,
  };
  const [form, setForm] = useState<Form>(empty);
  const [errors, setErrors] = useState<Errors>({});
  // One application key and one idempotency key per filing, kept across retries.
  const [keys, setKeys] = useState(() => ({ application: crypto.randomUUID(), idempotency: crypto.randomUUID() }));
  const [filing, setFiling] = useState<DeskFileReservationForFamilyMutation['fileReservationForFamily'] | null>(null);
  const action = useAction();
  const [file] = useMutation(DeskFileReservationForFamilyDocument);
  const facilities = useQuery(DeskFacilitiesDocument, {
    variables: { municipality, filter: { publicationStatuses: ['PUBLISHED'] } },
    fetchPolicy: 'cache-first',
  });
  const offered = (facilities.data?.facilities?.edges.map((edge) => edge.node) ?? []).filter((facility) => form.kinds.includes(facility.kind));
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((current) => ({ ...current, [key]: value }));

  if (filing)
    return (
      <Filed
        filing={filing}
        onAnother={() => {
          setFiling(null);
          setForm(empty);
          setKeys({ application: crypto.randomUUID(), idempotency: crypto.randomUUID() });
        }}
      />
    );

  const submit = async () => {
    const found = check(form, t);
    setErrors(found);
    if (Object.keys(found).length) {
      document.getElementById(`f-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    const choices = form.choices.filter(Boolean).map((facilityId, index) => ({ facilityId, rank: index + 1 }));
    await action.run(async () => {
      const answer = await file({
        variables: {
          municipality,
          input: {
            applicationKey: keys.application,
            idempotencyKey: keys.idempotency,
            channel: form.channel as FilingChannel,
            consentNoted: form.consentNoted,
            child: { firstName: form.childFirstName.trim(), lastName: form.childLastName.trim(), birthDate: form.birthDate },
            guardians: [
              {
                firstName: form.guardianFirstName.trim(),
                lastName: form.guardianLastName.trim(),
                email: form.email.trim() || null,
                phone: form.phone.trim() || null,
                address: { street: form.street.trim(), postalCode: form.postalCode, city: form.city.trim(), residenceMunicipality: form.residence },
              },
            ],
            wishedStart: form.wishedStart,
            hoursPerWeek: Number(form.hoursPerWeek),
            kindsOfCare: form.kinds,
            choices,
          },
        },
      });
      if (answer.data) setFiling(answer.data.fileReservationForFamily);
    });
  };

  const text = (key: keyof Form, props: Partial<React.ComponentProps<typeof TextField>> = {}) => (
    <TextField
      id={`f-${key}`}
      label={t(`office.filing.${key}`)}
      error={errors[key]}
      value={String(form[key])}
      onChange={(event) => set(key, event.target.value as never)}
      {...props}
    />
  );

  return (
    <section aria-labelledby="filing-title">
      <h1 className="kern-heading-large" id="filing-title">
        {t('office.filing.title')}
      </h1>
      <p className="kern-body">{t('office.filing.intro')}</p>
      {Object.keys(errors).length ? <Notice kind="danger">{t('office.filing.fix', { count: Object.keys(errors).length })}</Notice> : null}
      <form
        className="filing-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <fieldset className="kern-fieldset">
          <legend className="kern-label">{t('office.filing.channel')}</legend>
          {errors.channel ? (
            <p className="kern-error" id="f-channel-error">
              <span className="kern-body">{errors.channel}</span>
            </p>
          ) : null}
          <div className="kern-fieldset__body">
            {channels.map((channel) => (
              <div className="kern-form-check" key={channel}>
                <input
                  className="kern-form-check__radio"
                  type="radio"
                  name="channel"
                  id={channel === channels[0] ? 'f-channel' : `f-channel-${channel}`}
                  checked={form.channel === channel}
                  onChange={() => set('channel', channel)}
                  aria-describedby={errors.channel ? 'f-channel-error' : undefined}
                />
                <label className="kern-label" htmlFor={channel === channels[0] ? 'f-channel' : `f-channel-${channel}`}>
                  {t(`office.channel.${channel}`)}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        <fieldset className="kern-fieldset">
          <legend className="kern-label">{t('office.filing.child')}</legend>
          <div className="kern-fieldset__body form-grid">
            {text('childFirstName', { autoComplete: 'off' })}
            {text('childLastName', { autoComplete: 'off' })}
            {text('birthDate', { type: 'date' })}
          </div>
        </fieldset>
        <fieldset className="kern-fieldset">
          <legend className="kern-label">{t('office.filing.guardian')}</legend>
          <div className="kern-fieldset__body form-grid">
            {text('guardianFirstName', { autoComplete: 'off' })}
            {text('guardianLastName', { autoComplete: 'off' })}
            {text('email', { type: 'email', hint: t('office.filing.contactHint') })}
            {text('phone', { type: 'tel' })}
            {text('street')}
            {text('postalCode', { inputMode: 'numeric' })}
            {text('city')}
            <SelectField id="f-residence" label={t('office.filing.residence')} value={form.residence} onChange={(value) => set('residence', value)}>
              {registry.map((entry) => (
                <option key={entry.key} value={entry.key}>
                  {entry.name}
                </option>
              ))}
            </SelectField>
          </div>
        </fieldset>
        <fieldset className="kern-fieldset">
          <legend className="kern-label">{t('office.filing.wishes')}</legend>
          <div className="kern-fieldset__body">
            <div className="form-grid">
              {text('wishedStart', { type: 'date' })}
              {text('hoursPerWeek', { type: 'number', inputMode: 'numeric', min: 1, max: 45 })}
            </div>
            <p className="kern-body">{t('office.filing.kinds')}</p>
            {kinds.map((kind) => (
              <Checkbox
                key={kind}
                id={`f-kind-${kind}`}
                label={t(`office.kind.${kind}`)}
                checked={form.kinds.includes(kind)}
                onChange={(checked) => set('kinds', checked ? [...form.kinds, kind] : form.kinds.filter((other) => other !== kind))}
              />
            ))}
            {Array.from({ length: maxChoices }, (_, index) => (
              <SelectField
                // biome-ignore lint/suspicious/noArrayIndexKey: the ranks are fixed positions
                key={index}
                id={index === 0 ? 'f-choice0' : `f-choice${index}`}
                label={t('office.filing.choice', { rank: index + 1 })}
                error={index === 0 ? errors.choice0 : undefined}
                value={form.choices[index] ?? ''}
                onChange={(value) => {
                  const next = [...form.choices];
                  next[index] = value;
                  set('choices', next);
                }}
              >
                <option value="">{index === 0 ? t('office.filing.pick') : t('office.filing.none')}</option>
                {offered.map((facility) => (
                  <option key={facility.id} value={facility.id}>
                    {facility.name} ({facility.address.district})
                  </option>
                ))}
              </SelectField>
            ))}
          </div>
        </fieldset>
        <div className={errors.consentNoted ? 'kern-form-input--error' : undefined}>
          {errors.consentNoted ? (
            <p className="kern-error" id="f-consentNoted-error">
              <span className="kern-body">{errors.consentNoted}</span>
            </p>
          ) : null}
          <div className="kern-form-check">
            <input
              className="kern-form-check__checkbox"
              type="checkbox"
              id="f-consentNoted"
              checked={form.consentNoted}
              onChange={(event) => set('consentNoted', event.target.checked)}
              aria-describedby={errors.consentNoted ? 'f-consentNoted-error' : undefined}
            />
            <label className="kern-label" htmlFor="f-consentNoted">
              {t('office.filing.consent')}
            </label>
          </div>
        </div>
        {action.failure ? <Notice kind="danger">{action.failure}</Notice> : null}
        <div className="actions">
          <button type="submit" className="kern-btn kern-btn--primary" disabled={action.busy}>
            <span className="kern-label">{t('office.filing.submit')}</span>
          </button>
        </div>
      </form>
    </section>
  );
}
