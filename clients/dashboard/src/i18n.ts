import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from './locales/de.json';
import en from './locales/en.json';

export const languages = [
  { code: 'de', name: 'Deutsch' },
  { code: 'en', name: 'English' },
] as const;

const storageKey = 'kita-dashboard.language';

function initialLanguage(): string {
  const wanted = new URLSearchParams(window.location.search).get('lang') ?? window.localStorage.getItem(storageKey) ?? 'de';
  return languages.some((language) => language.code === wanted) ? wanted : 'de';
}

export async function setupI18n(): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { de: { translation: de }, en: { translation: en } },
    lng: initialLanguage(),
    fallbackLng: 'de',
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = i18next.language;
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
    window.localStorage.setItem(storageKey, language);
  });
  return i18next;
}

export const formatNumber = (value: number, language: string, digits = 0) =>
  new Intl.NumberFormat(language, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);

export const formatDate = (day: string, language: string) =>
  new Intl.DateTimeFormat(language, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
