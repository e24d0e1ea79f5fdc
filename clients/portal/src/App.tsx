import { useApolloClient } from '@apollo/client/react';
import { LoginCallback } from '@kita/app-shell/callback';
import { AppFrame } from '@kita/app-shell/frame';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from './auth';
import { useMunicipalities, usePortal } from './context';
import { languages } from './i18n';
import { FacilityPage } from './pages/FacilityPage';
import { MyReservations } from './pages/MyReservations';
import { NotificationsPage } from './pages/NotificationsPage';
import { ReservationForm } from './pages/ReservationForm';
import { emptySearch, SearchPage, type SearchState } from './pages/SearchPage';
import { ShortlistPage } from './pages/ShortlistPage';
import { Link, useRouter } from './router';
import { useShortlist } from './shortlist';
import { applyTheme } from './theme';

export function App() {
  const { t } = useTranslation();
  const { config, auth } = usePortal();
  const user = useUser(auth);
  const { location, navigate } = useRouter();
  const { nameOf, find } = useMunicipalities();
  const saved = useShortlist();
  const client = useApolloClient();
  const [search, setSearch] = useState<SearchState>(() => emptySearch(config));
  const path = location.path;
  const portalName = config.municipality ? nameOf(config.municipality) : '';
  // The municipality's colour and logo from the registry, unless config.json overrides them.
  const registryTheme = config.municipality ? find(config.municipality)?.theme : undefined;
  const primary = config.theme.primary ?? registryTheme?.primaryColor ?? null;
  const logoUrl = config.theme.logoUrl ?? registryTheme?.logoUrl ?? null;

  useEffect(() => {
    applyTheme(primary);
  }, [primary]);

  useEffect(() => {
    document.title = `${t('app.title')}${portalName ? ` – ${portalName}` : ''}`;
  }, [t, portalName]);

  const logout = async () => {
    await auth.logout();
    await client.clearStore();
    navigate('/');
  };

  let page: React.ReactNode;
  if (path === '/callback') page = <LoginCallback auth={auth} />;
  else if (path.startsWith('/einrichtung/')) page = <FacilityPage id={decodeURIComponent(path.slice('/einrichtung/'.length))} />;
  else if (path === '/merkliste') page = <ShortlistPage />;
  else if (path === '/vormerkung') page = <ReservationForm />;
  else if (path === '/meine-vormerkungen') page = <MyReservations />;
  else if (path === '/benachrichtigungen') page = <NotificationsPage />;
  else page = <SearchPage search={search} onSearch={setSearch} config={config} />;

  const navItem = (to: string, label: string) => (
    <li>
      <Link to={to} aria-current={path === to ? 'page' : undefined}>
        {label}
      </Link>
    </li>
  );

  return (
    <AppFrame
      home="/"
      name={t('app.title')}
      subtitle={portalName}
      logoUrl={logoUrl}
      languages={languages}
      tools={
        user ? (
          <button type="button" className="kern-btn kern-btn--tertiary portal-login" onClick={() => void logout()}>
            <span className="kern-label">{t('login.logout')}</span>
          </button>
        ) : (
          <button type="button" className="kern-btn kern-btn--secondary portal-login" onClick={() => void auth.login(path === '/callback' ? '/' : path)}>
            <span className="kern-label">{t('login.login')}</span>
          </button>
        )
      }
      nav={
        <nav aria-label={t('app.navigation')} className="portal-nav">
          <ul>
            {navItem('/', t('nav.search'))}
            {navItem('/merkliste', `${t('nav.shortlist')} (${saved.length})`)}
            {navItem('/vormerkung', t('nav.reserve'))}
            {navItem('/meine-vormerkungen', t('nav.mine'))}
            {navItem('/benachrichtigungen', t('nav.notifications'))}
          </ul>
        </nav>
      }
      footer={<p>{t('app.footer')}</p>}
    >
      {page}
    </AppFrame>
  );
}
