import { useQuery } from '@apollo/client/react';
import { FacilityDocument } from '@kita/sdk';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, FreePlaces, PartialNotice, ShortlistButton, TrafficLight } from '../components/bits';
import { gatewayAsset } from '../config';
import { useMunicipalities, usePortal } from '../context';
import { formatDate } from '../i18n';
import { Link } from '../router';

export function FacilityPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { config } = usePortal();
  const { nameOf } = useMunicipalities();
  const { data, error, loading } = useQuery(FacilityDocument, { variables: { id } });
  const facility = data?.facility;

  if (loading && !facility) return <p role="status">{t('search.loading')}</p>;
  if (!facility)
    return (
      <>
        <PartialNotice error={error} />
        <ErrorNotice message={t('facility.notFound')} />
        <Link to="/" className="kern-link">
          {t('facility.back')}
        </Link>
      </>
    );

  const photos = facility.media.filter((media) => media.kind === 'PHOTO');
  const attachments = facility.media.filter((media) => media.kind === 'ATTACHMENT');
  const language = (code: string) => new Intl.DisplayNames([i18n.language], { type: 'language' }).of(code) ?? code;
  const weekday = (day: number) => new Intl.DateTimeFormat(i18n.language, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, day)));
  const isTagespflege = facility.kind !== 'KINDERTAGESSTAETTE';

  return (
    <article className="facility">
      <p>
        <Link to="/" className="kern-link">
          ← {t('facility.back')}
        </Link>
      </p>
      <PartialNotice error={error} />
      <h1 className="kern-heading-large">{facility.name}</h1>
      <p className="kern-body kern-body--large">
        {t(`kind.${facility.kind}`)} · {facility.carrier} · {nameOf(facility.municipality)}
      </p>
      <div className="facility__actions">
        <TrafficLight availability={facility.availability} />
        <ShortlistButton
          entry={{ id: facility.id, name: facility.name, kind: facility.kind, municipality: facility.municipality, district: facility.address.district }}
        />
      </div>
      {photos.length ? (
        <ul className="facility__photos">
          {photos.map((photo) => (
            <li key={photo.id}>
              <figure>
                <img src={gatewayAsset(config, photo.url)} alt={photo.altText} loading="lazy" />
                {photo.caption ? <figcaption>{photo.caption}</figcaption> : null}
              </figure>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="facility__grid">
        <section>
          <h2 className="kern-heading-medium">{t('facility.freePlaces')}</h2>
          <FreePlaces vacancies={facility.vacancies} />
          {facility.description ? (
            <>
              <h2 className="kern-heading-medium">{t('facility.description')}</h2>
              <p className="kern-body">{facility.description}</p>
            </>
          ) : null}
          {facility.concepts.length ? (
            <>
              <h2 className="kern-heading-medium">{t('facility.concept')}</h2>
              <ul className="tags">
                {facility.concepts.map((concept) => (
                  <li key={concept} className="kern-badge kern-badge--info">
                    {concept}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h2 className="kern-heading-medium">{t('facility.groups')}</h2>
          <ul>
            {facility.groups.map((group) => (
              <li key={group.name}>
                {group.name}: {t('facility.ages', { from: group.ageRange.fromMonths, to: group.ageRange.toMonths })}, {t(`hours.${group.hoursBand}`)},{' '}
                {t('facility.capacity', { n: group.capacity })}
              </li>
            ))}
          </ul>
        </section>
        <section>
          <h2 className="kern-heading-medium">{t('facility.openingHours')}</h2>
          {facility.openingHours.length ? (
            <table className="opening-hours">
              <tbody>
                {facility.openingHours.map((hours) => (
                  <tr key={hours.weekday}>
                    <th scope="row">{weekday(hours.weekday)}</th>
                    <td>
                      {hours.opens}–{hours.closes}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t('facility.noOpeningHours')}</p>
          )}
          <h2 className="kern-heading-medium">{t('facility.languages')}</h2>
          <p>{facility.languages.map(language).join(', ') || '–'}</p>
          {facility.accessibility.length ? (
            <>
              <h2 className="kern-heading-medium">{t('facility.accessibility')}</h2>
              <ul>
                {facility.accessibility.map((feature) => (
                  <li key={feature}>{t(`accessibility.${feature}`)}</li>
                ))}
              </ul>
            </>
          ) : null}
          {isTagespflege ? (
            <>
              <h2 className="kern-heading-medium">{t('facility.permit')}</h2>
              <p>
                {facility.permit
                  ? t('facility.permitValid', { date: formatDate(facility.permit.validUntil, i18n.language), n: facility.permit.maxChildren })
                  : t('facility.permitMissing')}
              </p>
            </>
          ) : null}
          <h2 className="kern-heading-medium">{t('facility.contact')}</h2>
          <address className="facility__contact">
            {facility.address.street}
            <br />
            {facility.address.postalCode} {facility.address.city} ({facility.address.district})
            {facility.contact.phone ? (
              <>
                <br />
                {t('facility.phone')}: <a href={`tel:${facility.contact.phone.replace(/\s/g, '')}`}>{facility.contact.phone}</a>
              </>
            ) : null}
            {facility.contact.email ? (
              <>
                <br />
                {t('facility.email')}: <a href={`mailto:${facility.contact.email}`}>{facility.contact.email}</a>
              </>
            ) : null}
            {facility.contact.website ? (
              <>
                <br />
                <a href={facility.contact.website} rel="noopener noreferrer" target="_blank">
                  {t('facility.website')}
                </a>
              </>
            ) : null}
          </address>
          {facility.boundToResidence ? (
            <p className="kern-body kern-body--muted">{t('facility.boundToResidence', { name: nameOf(facility.municipality) })}</p>
          ) : null}
          {attachments.length ? (
            <ul>
              {attachments.map((attachment) => (
                <li key={attachment.id}>
                  <a href={gatewayAsset(config, attachment.url)}>{attachment.altText || attachment.fileName}</a>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      </div>
    </article>
  );
}
