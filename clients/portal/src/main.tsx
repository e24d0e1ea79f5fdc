import '@kern-ux/native/dist/kern.min.css';
import { startApp } from '@kita/app-shell/start';
import { App } from './App';
import { loadConfig } from './config';
import { PortalContext } from './context';
import { setupI18n } from './i18n';
import { applyTheme } from './theme';
import '@kita/app-shell/shell.css';
import './styles.css';

startApp({
  loadConfig,
  setupI18n,
  // The override at once; the registry's colour follows when the municipalities have loaded (App).
  prepare: (config) => {
    if (config.theme.primary) applyTheme(config.theme.primary);
  },
  context: PortalContext,
  App,
  failure: 'Das Kita-Portal konnte nicht starten. / The portal could not start.',
});
