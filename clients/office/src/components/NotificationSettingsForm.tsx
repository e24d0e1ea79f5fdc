import { SelectField } from '@kita/app-shell/fields';
import { portalLanguages } from '@kita/app-shell/language-select';
import type { NotificationKind } from '@kita/sdk';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, errorText, Loading, SuccessNotice } from './notices';
import './notification-settings.css';

/** What the API answers for a recipient's mail settings (a facility's or the office's). */
export interface MailSettings {
  language: string;
  disabledKinds: NotificationKind[];
  /** The kinds this recipient gets, in the API's order. */
  kinds: NotificationKind[];
  /** Of `kinds`, those always sent: shown switched on and disabled, with the reason. */
  requiredKinds: NotificationKind[];
}

/**
 * The mail settings of one recipient, the same form for a facility and for the office: the language
 * of the mails (the portal's languages, each named in itself) and a check box per kind it gets.
 * Required kinds stay on (disabled, the reason beside them); only the others are sent as switched off.
 */
export function NotificationSettingsForm({
  idPrefix,
  settings,
  loading,
  error,
  onSave,
}: {
  idPrefix: string;
  settings: MailSettings | null | undefined;
  loading: boolean;
  error: unknown;
  onSave: (language: string, disabledKinds: NotificationKind[]) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [language, setLanguage] = useState('de');
  const [disabled, setDisabled] = useState<NotificationKind[]>([]);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (!settings) return;
    setLanguage(settings.language);
    setDisabled(settings.disabledKinds);
  }, [settings]);

  if (!settings) return loading ? <Loading /> : <ErrorNotice>{errorText(t, error)}</ErrorNotice>;
  const required = new Set(settings.requiredKinds);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    setFailure(null);
    setBusy(true);
    try {
      await onSave(
        language,
        disabled.filter((kind) => !required.has(kind)),
      );
      setSaved(true);
    } catch (caught) {
      setFailure(errorText(t, caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="notification-settings" onSubmit={(event) => void submit(event)}>
      <SelectField
        id={`${idPrefix}-language`}
        label={t('notifications.language')}
        hint={t('notifications.languageHint')}
        value={language}
        onChange={(value) => {
          setSaved(false);
          setLanguage(value);
        }}
      >
        {portalLanguages.map(({ code, name }) => (
          <option key={code} value={code} lang={code}>
            {name}
          </option>
        ))}
      </SelectField>
      <fieldset className="kern-fieldset notification-settings__kinds">
        <legend className="kern-label">{t('notifications.kinds')}</legend>
        <div className="kern-fieldset__body">
          {settings.kinds.map((kind) => {
            const mandatory = required.has(kind);
            const id = `${idPrefix}-${kind}`;
            return (
              <div className="notification-settings__kind" key={kind}>
                <div className="kern-form-check">
                  <input
                    className="kern-form-check__checkbox"
                    type="checkbox"
                    id={id}
                    checked={mandatory || !disabled.includes(kind)}
                    disabled={mandatory}
                    aria-describedby={mandatory ? `${id}-why` : undefined}
                    onChange={(event) => {
                      const on = event.target.checked;
                      setSaved(false);
                      setDisabled((previous) => (on ? previous.filter((other) => other !== kind) : [...previous, kind]));
                    }}
                  />
                  <label className="kern-label" htmlFor={id}>
                    {t(`notifications.kind.${kind}`, { defaultValue: kind })}
                  </label>
                </div>
                {mandatory ? (
                  <p className="kern-hint notification-settings__why" id={`${id}-why`}>
                    {t(`notifications.required.${kind}`, { defaultValue: t('notifications.required.other') })}
                  </p>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
      {failure ? <ErrorNotice>{failure}</ErrorNotice> : null}
      {saved ? <SuccessNotice>{t('notifications.saved')}</SuccessNotice> : null}
      <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
        <span className="kern-label">{t('notifications.save')}</span>
      </button>
    </form>
  );
}
