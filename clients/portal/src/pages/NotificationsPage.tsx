import { useMutation, useQuery } from '@apollo/client/react';
import { SelectField } from '@kita/app-shell/fields';
import { errorCode, type NotificationKind, NotificationSettingsDocument, SetNotificationSettingsDocument } from '@kita/sdk';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../auth';
import { ErrorNotice } from '../components/bits';
import { useMunicipalities, usePortal } from '../context';
import { languages } from '../i18n';

/** The mails a family gets, in the order of a reservation's course. */
const familyKinds: NotificationKind[] = [
  'RESERVATION_RECEIVED',
  'OFFER_MADE',
  'OFFER_REMINDER',
  'OFFER_LAPSED',
  'CHOICE_WITHDRAWN_PLACED',
  'ZUSAGE_CONFIRMED',
] as NotificationKind[];

/** One municipality's settings (each municipality sends its own mail): the language and the kinds switched on. */
function MunicipalitySettings({ municipality }: { municipality: string }) {
  const { t } = useTranslation();
  const { nameOf } = useMunicipalities();
  const { data, error, loading } = useQuery(NotificationSettingsDocument, { variables: { municipality }, fetchPolicy: 'network-only' });
  const [save, saving] = useMutation(SetNotificationSettingsDocument);
  const settings = data?.notificationSettings;
  const [language, setLanguage] = useState('de');
  const [disabled, setDisabled] = useState<NotificationKind[]>([]);
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (!settings) return;
    setLanguage(settings.language);
    setDisabled(settings.disabledKinds);
  }, [settings]);

  const required = new Set(settings?.requiredKinds ?? []);
  const prefix = `n-${municipality}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    setFailure(null);
    try {
      await save({ variables: { municipality, language, disabledKinds: disabled.filter((kind) => !required.has(kind)) } });
      setSaved(true);
    } catch (caught) {
      setFailure(t(`errors.${errorCode(caught) ?? 'generic'}`, { defaultValue: t('errors.generic') }));
    }
  };

  return (
    <form className="kern-card notification-settings" onSubmit={(event) => void submit(event)} aria-labelledby={`${prefix}-heading`}>
      <div className="kern-card__container">
        <div className="kern-card__header">
          <h2 className="kern-heading-medium" id={`${prefix}-heading`}>
            {nameOf(municipality)}
          </h2>
        </div>
        <div className="kern-card__body">
          {loading && !data ? <p role="status">{t('search.loading')}</p> : null}
          {error && !settings ? <ErrorNotice message={t('notifications.unavailable', { name: nameOf(municipality) })} /> : null}
          {settings ? (
            <>
              <SelectField id={`${prefix}-language`} label={t('notifications.language')} value={language} onChange={(value) => setLanguage(value)}>
                {languages.map(({ code, name }) => (
                  <option key={code} value={code} lang={code}>
                    {name}
                  </option>
                ))}
              </SelectField>
              <fieldset className="kern-fieldset">
                <legend className="kern-label">{t('notifications.kinds')}</legend>
                <p className="kern-hint" id={`${prefix}-required`}>
                  {t('notifications.requiredHint')}
                </p>
                <div className="kern-fieldset__body">
                  {familyKinds.map((kind) => {
                    const mandatory = required.has(kind);
                    const id = `${prefix}-${kind}`;
                    return (
                      <div className="kern-form-check" key={kind}>
                        <input
                          className="kern-form-check__checkbox"
                          type="checkbox"
                          id={id}
                          checked={mandatory || !disabled.includes(kind)}
                          disabled={mandatory}
                          aria-describedby={mandatory ? `${prefix}-required` : undefined}
                          onChange={(event) => {
                            const on = event.target.checked;
                            setSaved(false);
                            setDisabled((previous) => (on ? previous.filter((other) => other !== kind) : [...previous, kind]));
                          }}
                        />
                        <label className="kern-label" htmlFor={id}>
                          {t(`notifications.kind.${kind}`)}
                          {mandatory ? <span className="kern-label__optional"> – {t('notifications.required')}</span> : null}
                        </label>
                      </div>
                    );
                  })}
                </div>
              </fieldset>
              <button type="submit" className="kern-btn kern-btn--primary" disabled={saving.loading}>
                <span className="kern-label">{t('notifications.save')}</span>
              </button>
            </>
          ) : null}
          {failure ? <ErrorNotice message={failure} /> : null}
          <p role="status" className="kern-body">
            {saved ? t('notifications.saved') : ''}
          </p>
        </div>
      </div>
    </form>
  );
}

/** "Benachrichtigungen": which e-mails the signed-in parent gets from each municipality of the portal, and in which language. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const { config, auth } = usePortal();
  const user = useUser(auth);
  const { list } = useMunicipalities();
  const municipalities = config.region.length ? config.region : list.map((municipality) => municipality.key);

  return (
    <section className="notifications">
      <h1 className="kern-heading-large">{t('notifications.title')}</h1>
      <p className="kern-body">{t('notifications.intro')}</p>
      {!user ? (
        <>
          <p>{t('notifications.loginNeeded')}</p>
          <button type="button" className="kern-btn kern-btn--primary" onClick={() => void auth.login('/benachrichtigungen')}>
            <span className="kern-label">{t('login.login')}</span>
          </button>
        </>
      ) : (
        municipalities.map((municipality) => <MunicipalitySettings key={municipality} municipality={municipality} />)
      )}
    </section>
  );
}
