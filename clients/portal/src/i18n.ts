import { portalLanguages } from '@kita/app-shell/language-select';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import ar from './locales/ar.json';
import de from './locales/de.json';
import en from './locales/en.json';
import pl from './locales/pl.json';
import ru from './locales/ru.json';
import tr from './locales/tr.json';
import uk from './locales/uk.json';

/** The portal's languages (kept in the app shell: the workspace offers them for mails). */
export const languages = portalLanguages;

const rightToLeft = new Set(['ar']);
const storageKey = 'kita-portal.language';

function initialLanguage(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  const stored = window.localStorage.getItem(storageKey);
  const wanted = fromUrl ?? stored ?? 'de';
  return languages.some((language) => language.code === wanted) ? wanted : 'de';
}

/** Keeps <html lang> and dir in step with the language (Arabic reads right to left). */
function applyToDocument(language: string) {
  document.documentElement.lang = language;
  document.documentElement.dir = rightToLeft.has(language) ? 'rtl' : 'ltr';
}

export async function setupI18n(): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: {
      de: { translation: de },
      en: { translation: en },
      tr: { translation: tr },
      ar: { translation: ar },
      uk: { translation: uk },
      ru: { translation: ru },
      pl: { translation: pl },
    },
    lng: initialLanguage(),
    fallbackLng: 'de',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyToDocument(i18next.language);
  i18next.on('languageChanged', (language) => {
    window.localStorage.setItem(storageKey, language);
    applyToDocument(language);
  });
  return i18next;
}

/** Dates as people of the language write them (the API's LocalDate is YYYY-MM-DD). */
export function formatDate(date: string | null | undefined, language: string): string {
  if (!date) return '';
  const [year, month, day] = date.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat(language, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, day)),
  );
}

export function formatDateTime(value: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

export function formatNumber(value: number, language: string, digits = 1): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value);
}
