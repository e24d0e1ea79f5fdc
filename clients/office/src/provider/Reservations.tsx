import { useQuery } from '@apollo/client/react';
import { ProviderFacilityReservationsDocument } from '@kita/sdk';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, errorText, Loading } from '../components/notices';
import { formatDate } from '../i18n';

/** The Vormerkungen for the facility (no drafts): the child, the wishes and where each stands. The office decides on offers. */
export function Reservations({ facilityId }: { facilityId: string }) {
  const { t, i18n } = useTranslation();
  const { data, loading, error } = useQuery(ProviderFacilityReservationsDocument, { variables: { id: facilityId }, fetchPolicy: 'cache-and-network' });
  const reservations = data?.facility?.reservations;
  return (
    <div className="reservations">
      <h2>{t('provider.sections.vormerkungen')}</h2>
      <p>{t('provider.reservations.lead')}</p>
      {loading && !data ? <Loading /> : null}
      {error && !reservations ? <ErrorNotice>{errorText(t, error)}</ErrorNotice> : null}
      {reservations?.length === 0 ? <p className="muted">{t('provider.reservations.none')}</p> : null}
      {reservations && reservations.length > 0 ? (
        <div className="table-scroll">
          <table className="reservation-table">
            <caption className="visually-hidden">{t('provider.sections.vormerkungen')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('provider.reservations.child')}</th>
                <th scope="col">{t('provider.reservations.birthDate')}</th>
                <th scope="col">{t('provider.reservations.wishedStart')}</th>
                <th scope="col">{t('provider.reservations.hours')}</th>
                <th scope="col">{t('provider.reservations.rank')}</th>
                <th scope="col">{t('provider.reservations.status')}</th>
                <th scope="col">{t('provider.reservations.contact')}</th>
              </tr>
            </thead>
            <tbody>
              {reservations.map((reservation) => {
                const child = reservation.part?.child;
                const guardian = reservation.part?.guardians[0];
                return (
                  <tr key={reservation.id} data-status={reservation.status}>
                    <th scope="row">{child ? `${child.firstName} ${child.lastName}` : t('provider.reservations.removed')}</th>
                    <td>{formatDate(reservation.childBirthDate, i18n.language)}</td>
                    <td>{formatDate(reservation.wishedStart, i18n.language)}</td>
                    <td>{t('provider.reservations.hoursValue', { count: reservation.hoursPerWeek })}</td>
                    <td>{reservation.rank ?? '–'}</td>
                    <td>
                      {t(`reservationStatus.${reservation.status}`)}
                      {reservation.status === 'OFFERED' && reservation.offerDeadline
                        ? ` (${t('provider.reservations.until', { date: formatDate(reservation.offerDeadline, i18n.language) })})`
                        : ''}
                    </td>
                    <td>
                      {guardian ? `${guardian.firstName} ${guardian.lastName}` : '–'}
                      {guardian?.email ? (
                        <>
                          {' · '}
                          <a href={`mailto:${guardian.email}`}>{guardian.email}</a>
                        </>
                      ) : null}
                      {guardian?.phone ? ` · ${guardian.phone}` : ''}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
