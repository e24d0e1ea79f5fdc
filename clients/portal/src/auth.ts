// The login is shared by the browser apps (clients/shell).
export { Auth, useUser } from '@kita/app-shell/auth';
