import { ApolloProvider } from '@apollo/client/react';
import '@kern-ux/native/dist/kern.min.css';
import { Auth } from '@kita/app-shell/auth';
import { Router } from '@kita/app-shell/router';
import { createKitaClient } from '@kita/sdk';
import i18next from 'i18next';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadConfig } from './config';
import { WorkspaceContext } from './context';
import { setupI18n } from './i18n';
import '@kita/app-shell/shell.css';
import './styles.css';

async function start() {
  const [config] = await Promise.all([loadConfig(), setupI18n()]);
  const auth = new Auth(config);
  await auth.load();
  const client = createKitaClient({ gatewayUrl: config.gatewayUrl, accessToken: auth.accessToken, language: () => i18next.language });
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <WorkspaceContext.Provider value={{ config, auth }}>
        <ApolloProvider client={client}>
          <Router>
            <App />
          </Router>
        </ApolloProvider>
      </WorkspaceContext.Provider>
    </StrictMode>,
  );
}

start().catch((error) => {
  document.getElementById('root')!.textContent = 'Der Arbeitsbereich konnte nicht starten. / The workspace could not start.';
  console.error(error);
});
