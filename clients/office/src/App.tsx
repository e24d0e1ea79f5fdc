import { useApolloClient } from '@apollo/client/react';
import { LoginCallback } from '@kita/app-shell/callback';
import { AppFrame } from '@kita/app-shell/frame';
import { Link, useRouter } from '@kita/app-shell/router';
import { LoginGate } from '@kita/app-shell/start';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { below, officeBase, providerBase } from './areas';
import { type Session, useSession, useWorkspace } from './context';
import { languages } from './i18n';
import { OfficeArea } from './office';
import { ProviderArea } from './provider';

/** The area of a role: its base path and the component that renders the paths below it. */
const areas: Record<string, { base: string; render: (path: string) => React.ReactNode }> = {
  provider: { base: providerBase, render: (path) => <ProviderArea path={path} /> },
  office: { base: officeBase, render: (path) => <OfficeArea path={path} /> },
};

export function App() {
  const { t } = useTranslation();
  const { config, auth } = useWorkspace();
  const session = useSession();
  const { location, navigate } = useRouter();
  const client = useApolloClient();
  const path = location.path;
  const area = session ? areas[session.role] : undefined;

  useEffect(() => {
    document.title = t('app.title');
  }, [t]);

  // The start page of the workspace is the start page of the person's area.
  useEffect(() => {
    if (area && path === '/') navigate(area.base);
  }, [area, path, navigate]);

  const logout = async () => {
    await auth.logout();
    await client.clearStore();
    navigate('/');
  };

  let page: React.ReactNode;
  if (path === '/callback') page = <LoginCallback auth={auth} />;
  else if (!session) page = <LoginGate onLogin={() => void auth.login(path)} />;
  else if (!area) page = <WrongRole session={session} portalUrl={config.portalUrl} />;
  else {
    const rest = below(area.base, path);
    page = rest === null ? <NotFound home={area.base} /> : area.render(rest);
  }

  return (
    <AppFrame
      home={area?.base ?? '/'}
      name={t('app.title')}
      subtitle={area ? t(`role.${session!.role}`) : t('app.subtitle')}
      languages={languages}
      tools={
        session ? (
          <button type="button" className="kern-btn kern-btn--tertiary workspace-logout" onClick={() => void logout()}>
            <span className="kern-label">{t('login.logout')}</span>
          </button>
        ) : null
      }
      footer={<p>{session ? t('login.signedInAs', { name: session.name, subject: session.subject }) : t('app.footer')}</p>}
    >
      {page}
    </AppFrame>
  );
}

/** A parent or planner who logged in here: where they belong instead. */
function WrongRole({ session, portalUrl }: { session: Session; portalUrl: string }) {
  const { t } = useTranslation();
  const role = ['parent', 'analyst'].includes(session.role) ? t(`role.${session.role}`) : t('role.unknown');
  return (
    <section className="wrong-role">
      <h1>{t('role.wrongTitle')}</h1>
      <p>{t('role.wrongText', { role })}</p>
      {portalUrl ? (
        <p>
          <a href={portalUrl}>{t('role.portal')}</a>
        </p>
      ) : null}
    </section>
  );
}

function NotFound({ home }: { home: string }) {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('app.notFound')}</h1>
      <p>
        <Link to={home}>{t('app.home')}</Link>
      </p>
    </section>
  );
}
