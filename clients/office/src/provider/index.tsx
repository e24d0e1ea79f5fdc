import { Link } from '@kita/app-shell/router';
import { useTranslation } from 'react-i18next';
import { providerPath } from '../areas';
import { FacilityArea } from './FacilityArea';
import { MyFacilities } from './MyFacilities';
import { RegisterFacility } from './RegisterFacility';
import './provider.css';

/**
 * The provider area (role provider): App renders it for every path below /anbieter (see
 * ../areas.ts) and gives it the rest of the path. Its pages: / the provider's facilities,
 * /neu registering one, /einrichtung/<id>[/profil|/fotos|/plaetze|/vormerkungen|/team|/benachrichtigungen] one facility.
 */
export function ProviderArea({ path }: { path: string }) {
  const { t } = useTranslation();
  const [first, id, section] = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (!first) return <MyFacilities />;
  if (first === 'neu' && !id) return <RegisterFacility />;
  if (first === 'einrichtung' && id) return <FacilityArea id={id} section={section ?? ''} />;
  return (
    <section>
      <h1>{t('app.notFound')}</h1>
      <p>
        <Link to={providerPath()}>{t('provider.backToList')}</Link>
      </p>
    </section>
  );
}
