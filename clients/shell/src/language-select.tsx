import { useTranslation } from 'react-i18next';

/**
 * The portal's languages, each named in itself: the portal is offered in these, and the mails of
 * every recipient (families, facilities, offices) are written in one of them, so the workspace's
 * mail settings offer the same list.
 */
export const portalLanguages = [
  { code: 'de', name: 'Deutsch' },
  { code: 'en', name: 'English' },
  { code: 'tr', name: 'Türkçe' },
  { code: 'ar', name: 'العربية' },
  { code: 'uk', name: 'Українська' },
  { code: 'ru', name: 'Русский' },
  { code: 'pl', name: 'Polski' },
] as const;

/** The header's language choice: the app's languages, each named in itself; the choice switches i18next. */
export function LanguageSelect({ languages }: { languages: readonly { code: string; name: string }[] }) {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-select">
      <span className="visually-hidden">{t('app.language')}</span>
      <select value={i18n.language} onChange={(event) => void i18n.changeLanguage(event.target.value)} aria-label={t('app.language')}>
        {languages.map((language) => (
          <option key={language.code} value={language.code} lang={language.code}>
            {language.name}
          </option>
        ))}
      </select>
    </label>
  );
}
