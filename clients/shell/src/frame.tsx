import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSelect } from './language-select';
import { Link } from './router';

// The page every app draws around its content: the skip link, the header bar with the app's name
// (and its crest), the language choice and the app's own buttons, its navigation, the main
// region and the footer. Texts: `app.skip`.

export interface AppFrameProps {
  /** Where the app's name links to. */
  home: string;
  name: string;
  /** The line under the name: the municipality, the region or the person's role. */
  subtitle?: string | null;
  /** A crest or logo beside the name (decorative: the name says it). */
  logoUrl?: string | null;
  languages: readonly { code: string; name: string }[];
  /** Buttons beside the language choice (log in or out). */
  tools?: ReactNode;
  /** The app's navigation under the bar. */
  nav?: ReactNode;
  footer: ReactNode;
  children: ReactNode;
}

export function AppFrame({ home, name, subtitle, logoUrl, languages, tools, nav, footer, children }: AppFrameProps) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="app-header">
        <div className="app-header__bar">
          <Link to={home} className="app-brand">
            {logoUrl ? <img src={logoUrl} alt="" className="app-brand__logo" /> : null}
            <span className="app-brand__name">{name}</span>
            {subtitle ? <span className="app-brand__subtitle">{subtitle}</span> : null}
          </Link>
          <div className="app-header__tools">
            <LanguageSelect languages={languages} />
            {tools}
          </div>
        </div>
        {nav}
      </header>
      <main id="main" tabIndex={-1} className="app-main">
        {children}
      </main>
      <footer className="app-footer">{footer}</footer>
    </>
  );
}
