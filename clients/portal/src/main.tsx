import { ApolloProvider } from '@apollo/client/react';
import '@kern-ux/native/dist/kern.min.css';
import { createKitaClient } from '@kita/sdk';
import i18next from 'i18next';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { Auth } from './auth';
import { loadConfig } from './config';
import { PortalContext } from './context';
import { setupI18n } from './i18n';
import { Router } from './router';
import { applyTheme } from './theme';
import '@kita/app-shell/shell.css';
import './styles.css';

async function start() {
  const [config] = await Promise.all([loadConfig(), setupI18n()]);
  // The override at once; the registry's colour follows when the municipalities have loaded (App).
  if (config.theme.primary) applyTheme(config.theme.primary);
  const auth = new Auth(config);
  await auth.load();
  const client = createKitaClient({ gatewayUrl: config.gatewayUrl, accessToken: auth.accessToken, language: () => i18next.language });
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <PortalContext.Provider value={{ config, auth }}>
        <ApolloProvider client={client}>
          <Router>
            <App />
          </Router>
        </ApolloProvider>
      </PortalContext.Provider>
    </StrictMode>,
  );
}

start().catch((error) => {
  const root = document.getElementById('root')!;
  root.textContent = 'Das Kita-Portal konnte nicht starten. / The portal could not start.';
  console.error(error);
});
