import '@kern-ux/native/dist/kern.min.css';
import { startApp } from '@kita/app-shell/start';
import { App, DashboardContext } from './App';
import { loadConfig } from './config';
import { setupI18n } from './i18n';
import '@kita/app-shell/shell.css';
import './styles.css';

startApp({
  loadConfig,
  setupI18n,
  context: DashboardContext,
  App,
  failure: 'Das Dashboard konnte nicht starten. / The dashboard could not start.',
});
