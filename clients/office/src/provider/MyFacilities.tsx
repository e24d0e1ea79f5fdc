import { useQuery } from '@apollo/client/react';
import { Link } from '@kita/app-shell/router';
import { MyFacilitiesDocument, type ProviderFacilityRowFragment } from '@kita/sdk';
import { useTranslation } from 'react-i18next';
import { providerPath } from '../areas';
import { ErrorNotice, errorText, Loading } from '../components/notices';
import { PublicationBadge } from '../components/status';
import { PermitLine } from './FacilityOverview';
import { facilityPath } from './paths';

/** The provider's start page: its facilities with where each stands, and the way to register one. */
export function MyFacilities() {
  const { t } = useTranslation();
  const { data, loading, error } = useQuery(MyFacilitiesDocument, { fetchPolicy: 'cache-and-network' });
  const facilities = data?.myFacilities ?? [];
  return (
    <section className="my-facilities">
      <h1>{t('provider.title')}</h1>
      <p className="lead">{t('provider.lead')}</p>
      <p>
        <Link to={providerPath('/neu')} className="kern-btn kern-btn--primary">
          <span className="kern-label">{t('provider.register')}</span>
        </Link>
      </p>
      {loading && !data ? <Loading /> : null}
      {error && !data ? <ErrorNotice>{errorText(t, error)}</ErrorNotice> : null}
      {data && facilities.length === 0 ? <p>{t('provider.none')}</p> : null}
      {facilities.length > 0 ? (
        <ul className="facility-list">
          {facilities.map((facility) => (
            <FacilityCard key={facility.id} facility={facility} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function FacilityCard({ facility }: { facility: ProviderFacilityRowFragment }) {
  const { t } = useTranslation();
  return (
    <li className="panel facility-card">
      <h2 className="facility-card__name">
        <Link to={facilityPath(facility.id)}>{facility.name}</Link>
      </h2>
      <p className="muted">
        {t(`kind.${facility.kind}`)} · {facility.address.street}, {facility.address.postalCode} {facility.address.city}
      </p>
      <p>
        <PublicationBadge status={facility.publicationStatus} />
        {facility.pendingRevision ? (
          <span className="status-badge" data-tone="warn">
            {t('provider.revision.badge')}
          </span>
        ) : null}
      </p>
      <PermitLine kind={facility.kind} permit={facility.permit} />
      <p>
        {facility.freePlacesNow === null || facility.freePlacesNow === undefined
          ? t('provider.places.unknown')
          : t('provider.places.summary', { now: facility.freePlacesNow, later: facility.freePlacesLater ?? 0 })}
      </p>
    </li>
  );
}
