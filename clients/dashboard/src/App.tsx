import { useApolloClient } from '@apollo/client/react';
import { type Auth, useUser } from '@kita/app-shell/auth';
import { LoginCallback } from '@kita/app-shell/callback';
import { AppFrame } from '@kita/app-shell/frame';
import { useRouter } from '@kita/app-shell/router';
import { LoginGate } from '@kita/app-shell/start';
import { createContext, useContext, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { DashboardConfig } from './config';
import { languages } from './i18n';
import { DistrictPage } from './pages/DistrictPage';
import { OverviewPage } from './pages/OverviewPage';

export const DashboardContext = createContext<{ config: DashboardConfig; auth: Auth } | null>(null);

export function useDashboard() {
  const value = useContext(DashboardContext);
  if (!value) throw new Error('DashboardContext missing');
  return value;
}

export function App() {
  const { t } = useTranslation();
  const { config, auth } = useDashboard();
  const user = useUser(auth);
  const { location, navigate } = useRouter();
  const client = useApolloClient();
  const path = location.path;

  useEffect(() => {
    document.title = t('app.title');
  }, [t]);

  const logout = async () => {
    await auth.logout();
    await client.clearStore();
    navigate('/');
  };

  let page: React.ReactNode;
  if (path === '/callback') page = <LoginCallback auth={auth} />;
  else if (!user) page = <LoginGate onLogin={() => void auth.login(path)} />;
  else if (path.startsWith('/gemeinde/')) page = <DistrictPage municipality={decodeURIComponent(path.slice('/gemeinde/'.length))} />;
  else page = <OverviewPage />;

  return (
    <AppFrame
      home="/"
      name={t('app.title')}
      subtitle={config.regionName || null}
      languages={languages}
      tools={
        user ? (
          <button type="button" className="kern-btn kern-btn--tertiary dashboard-login" onClick={() => void logout()}>
            <span className="kern-label">{t('login.logout')}</span>
          </button>
        ) : null
      }
      footer={<p>{t('app.footer')}</p>}
    >
      {page}
    </AppFrame>
  );
}
