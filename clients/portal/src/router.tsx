// The history router is shared by the browser apps (clients/shell).
export { Link, Router, useRouter } from '@kita/app-shell/router';
