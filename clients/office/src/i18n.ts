import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import de from './locales/de.json';
import en from './locales/en.json';
import officeDe from './office/locales/de.json';
import officeEn from './office/locales/en.json';
import providerDe from './provider/locales/de.json';
import providerEn from './provider/locales/en.json';

export const languages = [
  { code: 'de', name: 'Deutsch' },
  { code: 'en', name: 'English' },
] as const;

/**
 * The texts: the workspace's own (locales/) and each area's (provider/locales/, office/locales/),
 * one translation each; an area's file holds its keys under its name (provider.…, office.…).
 */
export const texts = {
  de: { ...de, ...providerDe, ...officeDe },
  en: { ...en, ...providerEn, ...officeEn },
};

const storageKey = 'kita-office.language';

function initialLanguage(): string {
  const wanted = new URLSearchParams(window.location.search).get('lang') ?? window.localStorage.getItem(storageKey) ?? 'de';
  return languages.some((language) => language.code === wanted) ? wanted : 'de';
}

export async function setupI18n(): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { de: { translation: texts.de }, en: { translation: texts.en } },
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

export const formatDate = (day: string, language: string) =>
  new Intl.DateTimeFormat(language, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day.slice(0, 10)}T00:00:00Z`));

export const formatDateTime = (instant: string, language: string) =>
  new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(instant));
