import { useQuery } from '@apollo/client/react';
import { Link } from '@kita/app-shell/router';
import { ProviderFacilityDocument, type ProviderFacilityQuery } from '@kita/sdk';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { providerPath } from '../areas';
import { AreaNav } from '../components/AreaNav';
import { ErrorNotice, errorText, Loading } from '../components/notices';
import { PublicationBadge } from '../components/status';
import { FacilityOverview } from './FacilityOverview';
import { Notifications } from './Notifications';
import { Photos } from './Photos';
import { ProfileEdit } from './ProfileEdit';
import { facilityPath } from './paths';
import { Reservations } from './Reservations';
import { Team } from './Team';
import { Vacancies } from './Vacancies';

export type ProviderFacility = NonNullable<ProviderFacilityQuery['facility']>;

const sections = ['', 'profil', 'fotos', 'plaetze', 'vormerkungen', 'team', 'benachrichtigungen'] as const;

/** One of the provider's facilities: its pages under one heading and one navigation. */
export function FacilityArea({ id, section }: { id: string; section: string }) {
  const { t } = useTranslation();
  const { data, loading, error, refetch } = useQuery(ProviderFacilityDocument, { variables: { id }, fetchPolicy: 'cache-and-network' });
  const facility = data?.facility;
  const heading = useRef<HTMLHeadingElement>(null);

  // A new page of the facility: the focus to its heading, as a screen reader expects after a link.
  useEffect(() => {
    if (section) heading.current?.focus();
  }, [section]);

  if (!facility) {
    return (
      <section>
        <p>
          <Link to={providerPath()}>{t('provider.backToList')}</Link>
        </p>
        {loading ? <Loading /> : <ErrorNotice>{error ? errorText(t, error) : t('errors.NOT_FOUND')}</ErrorNotice>}
      </section>
    );
  }

  const reload = () => refetch().then(() => undefined);
  let page: React.ReactNode;
  if (section === '') page = <FacilityOverview facility={facility} reload={reload} />;
  else if (section === 'profil') page = <ProfileEdit facility={facility} />;
  else if (section === 'fotos') page = <Photos facility={facility} reload={reload} />;
  else if (section === 'plaetze') page = <Vacancies facility={facility} reload={reload} />;
  else if (section === 'vormerkungen') page = <Reservations facilityId={facility.id} />;
  else if (section === 'team') page = <Team facility={facility} />;
  else if (section === 'benachrichtigungen') page = <Notifications facility={facility} />;
  else page = <p>{t('app.notFound')}</p>;

  return (
    <section className="facility-area">
      <p>
        <Link to={providerPath()}>{t('provider.backToList')}</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {facility.name}
      </h1>
      <p className="facility-area__status">
        <PublicationBadge status={facility.publicationStatus} />
        {facility.pendingRevision ? (
          <span className="status-badge" data-tone="warn">
            {t('provider.revision.badge')}
          </span>
        ) : null}
      </p>
      <AreaNav
        label={t('provider.sections.label')}
        items={sections.map((name) => ({ to: facilityPath(facility.id, name), label: t(`provider.sections.${name || 'overview'}`), exact: true }))}
      />
      {page}
    </section>
  );
}
