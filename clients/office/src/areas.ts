// The workspace's areas: the role of the login decides which one a person sees. Each area owns the
// paths below its base and gets the rest of the path ('/' for its start page) from App.
/** The provider area (clients/office/src/provider): register and describe facilities, free places. */
export const providerBase = '/anbieter';
/** The office area (clients/office/src/office): reviews, permits, Vormerkungen of the office's municipality. */
export const officeBase = '/amt';

/** A path inside the provider area, e.g. providerPath('/einrichtung/x') is /anbieter/einrichtung/x. */
export const providerPath = (path = '/') => (path === '/' ? providerBase : `${providerBase}${path}`);
/** A path inside the office area, e.g. officePath('/pruefung') is /amt/pruefung. */
export const officePath = (path = '/') => (path === '/' ? officeBase : `${officeBase}${path}`);

/** The rest of `path` below `base` ('/' for the base itself), or null when `path` lies outside. */
export function below(base: string, path: string): string | null {
  if (path === base || path === `${base}/`) return '/';
  return path.startsWith(`${base}/`) ? path.slice(base.length) : null;
}
