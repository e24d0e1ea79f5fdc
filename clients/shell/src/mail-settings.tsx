import { type FormEvent, useEffect, useState } from 'react';
import { SelectField } from './fields';
import { portalLanguages } from './language-select';
import './mail-settings.css';

// The apps' mail settings form: the portal's (a parent, per municipality) and the workspace's (a
// facility, the office). One recipient's language (the portal's languages) and the kinds it gets;
// the kinds and the required ones come from the API's answer, the texts from the app.

/** What the API answers for one recipient's settings (NotificationSettings, FacilityNotificationSettings). */
export interface MailSettings<Kind extends string = string> {
  language: string;
  disabledKinds: readonly Kind[];
  /** The kinds this recipient gets, in the API's order. */
  kinds: readonly Kind[];
  /** Of `kinds`, those always sent: shown switched on and disabled, with the reason tied to the box. */
  requiredKinds: readonly Kind[];
}

export interface MailSettingsTexts<Kind extends string = string> {
  language: string;
  languageHint?: string;
  /** The legend of the kinds. */
  kinds: string;
  kind: (kind: Kind) => string;
  /**
   * Why required kinds stay on: one text for all of them (`all`, shown once under the legend), or one
   * per kind (`each`, shown under its box).
   */
  required: { all: string } | { each: (kind: Kind) => string };
  /** Written after a required kind's label, e.g. "always"; none when absent. */
  requiredMark?: string;
  save: string;
  saved: string;
  /** A refused save in plain words (by the error's code). */
  failed: (error: unknown) => string;
}

/** One recipient's mail settings; saves only the kinds that may be switched off. */
export function NotificationSettingsForm<Kind extends string>({
  idPrefix,
  settings,
  texts,
  onSave,
}: {
  idPrefix: string;
  settings: MailSettings<Kind>;
  texts: MailSettingsTexts<Kind>;
  onSave: (language: string, disabledKinds: Kind[]) => Promise<unknown>;
}) {
  const [language, setLanguage] = useState(settings.language);
  const [disabled, setDisabled] = useState<Kind[]>([...settings.disabledKinds]);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  // A new answer (another recipient, a reload): the form starts from it.
  useEffect(() => {
    setLanguage(settings.language);
    setDisabled([...settings.disabledKinds]);
  }, [settings]);

  const required = new Set(settings.requiredKinds);
  const once = 'all' in texts.required ? texts.required.all : null;
  const why = (kind: Kind) => ('each' in texts.required ? texts.required.each(kind) : '');

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
      setFailure(texts.failed(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="mail-settings" onSubmit={(event) => void submit(event)}>
      <SelectField
        id={`${idPrefix}-language`}
        label={texts.language}
        hint={texts.languageHint}
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
      <fieldset className="kern-fieldset mail-settings__kinds">
        <legend className="kern-label">{texts.kinds}</legend>
        {once ? (
          <p className="kern-hint" id={`${idPrefix}-required`}>
            {once}
          </p>
        ) : null}
        <div className="kern-fieldset__body">
          {settings.kinds.map((kind) => {
            const mandatory = required.has(kind);
            const id = `${idPrefix}-${kind}`;
            return (
              <div className="mail-settings__kind" key={kind}>
                <div className="kern-form-check">
                  <input
                    className="kern-form-check__checkbox"
                    type="checkbox"
                    id={id}
                    checked={mandatory || !disabled.includes(kind)}
                    disabled={mandatory}
                    aria-describedby={mandatory ? (once ? `${idPrefix}-required` : `${id}-why`) : undefined}
                    onChange={(event) => {
                      const on = event.target.checked;
                      setSaved(false);
                      setDisabled((previous) => (on ? previous.filter((other) => other !== kind) : [...previous, kind]));
                    }}
                  />
                  <label className="kern-label" htmlFor={id}>
                    {texts.kind(kind)}
                    {mandatory && texts.requiredMark ? <span className="kern-label__optional"> – {texts.requiredMark}</span> : null}
                  </label>
                </div>
                {mandatory && !once ? (
                  <p className="kern-hint mail-settings__why" id={`${id}-why`}>
                    {why(kind)}
                  </p>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
      {failure ? (
        <div className="kern-alert kern-alert--danger" role="alert">
          <div className="kern-alert__body">
            <p className="kern-body">{failure}</p>
          </div>
        </div>
      ) : null}
      {/* A live region from the start, so that a screen reader announces the confirmation. */}
      <div role="status" className="mail-settings__status">
        {saved ? (
          <div className="kern-alert kern-alert--success">
            <div className="kern-alert__body">
              <p className="kern-body">{texts.saved}</p>
            </div>
          </div>
        ) : null}
      </div>
      <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
        <span className="kern-label">{texts.save}</span>
      </button>
    </form>
  );
}
