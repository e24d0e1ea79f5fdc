import { ApolloProvider } from '@apollo/client/react';
import { createKitaClient } from '@kita/sdk';
import i18next from 'i18next';
import { type ComponentType, type Context, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { Auth, type LoginConfig } from './auth';
import { Router } from './router';

// How every browser app starts: its run-time config.json, its languages, the login, the one
// Apollo Client of the SDK, then the app inside its context and the shared router.

/** What every app's config.json holds at least: where the gateway and the login are. */
export interface AppConfig extends LoginConfig {
  gatewayUrl: string;
}

/** Reads the app's config.json (beside index.html) over its defaults. */
export async function loadAppConfig<C extends AppConfig>(defaults: C): Promise<C> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return { ...defaults, ...((await response.json()) as Partial<C>) };
}

export interface AppStart<C extends AppConfig> {
  loadConfig: () => Promise<C>;
  setupI18n: () => Promise<unknown>;
  /** What the app does with its config before the login loads (e.g. the portal's colours). */
  prepare?: (config: C) => void;
  /** The app's context of its config and login. */
  context: Context<{ config: C; auth: Auth } | null>;
  App: ComponentType;
  /** What the page says when the app cannot start, in German and English (before any language is known). */
  failure: string;
}

/** Starts an app in `#root`; if it cannot start, the page says so in one sentence. */
export function startApp<C extends AppConfig>(options: AppStart<C>): void {
  const root = document.getElementById('root')!;
  const start = async () => {
    const [config] = await Promise.all([options.loadConfig(), options.setupI18n()]);
    options.prepare?.(config);
    const auth = new Auth(config);
    await auth.load();
    const client = createKitaClient({ gatewayUrl: config.gatewayUrl, accessToken: auth.accessToken, language: () => i18next.language });
    const { context: AppContext, App } = options;
    createRoot(root).render(
      <StrictMode>
        <AppContext.Provider value={{ config, auth }}>
          <ApolloProvider client={client}>
            <Router>
              <App />
            </Router>
          </ApolloProvider>
        </AppContext.Provider>
      </StrictMode>,
    );
  };
  start().catch((error) => {
    root.textContent = options.failure;
    console.error(error);
  });
}

/** The page before login in an app that needs one: what it is for and the login button (texts `app.title`, `login.why`, `login.login`). */
export function LoginGate({ onLogin }: { onLogin: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="login-gate">
      <h1>{t('app.title')}</h1>
      <p>{t('login.why')}</p>
      <button type="button" className="kern-btn kern-btn--primary" onClick={onLogin}>
        <span className="kern-label">{t('login.login')}</span>
      </button>
    </section>
  );
}
