import '@kern-ux/native/dist/kern.min.css';
import { startApp } from '@kita/app-shell/start';
import { App } from './App';
import { loadConfig } from './config';
import { WorkspaceContext } from './context';
import { setupI18n } from './i18n';
import '@kita/app-shell/shell.css';
import './styles.css';

startApp({
  loadConfig,
  setupI18n,
  context: WorkspaceContext,
  App,
  failure: 'Der Arbeitsbereich konnte nicht starten. / The workspace could not start.',
});
