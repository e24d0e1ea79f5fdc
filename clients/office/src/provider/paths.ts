import { providerPath } from '../areas';

/** The path of one of the provider's facilities, e.g. facilityPath(id, 'plaetze') is /anbieter/einrichtung/<id>/plaetze. */
export const facilityPath = (id: string, section = '') => providerPath(`/einrichtung/${encodeURIComponent(id)}${section ? `/${section}` : ''}`);
