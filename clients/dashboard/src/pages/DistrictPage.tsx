import { useQuery } from '@apollo/client/react';
import { Link } from '@kita/app-shell/router';
import { DistrictStatisticsDocument, MunicipalitiesDocument, otherErrors, partialAnswerAt } from '@kita/sdk';
import { useTranslation } from 'react-i18next';
import { figureColumns } from '../components/columns';
import { DataTable, Figure } from '../components/Figure';
import { RegionMap } from '../components/RegionMap';
import type { Figures } from '../figures';

/** One municipality by district, and by district and age group. */
export function DistrictPage({ municipality }: { municipality: string }) {
  const { t, i18n } = useTranslation();
  const { data, error, loading } = useQuery(DistrictStatisticsDocument, { variables: { municipality } });
  const registry = useQuery(MunicipalitiesDocument, { fetchPolicy: 'cache-first' });
  const nameOf = (key: string) => registry.data?.municipalities?.find((m) => m.key === key)?.name ?? key;
  const missing = (field: string) => partialAnswerAt(error, field).map(nameOf);
  const columns = figureColumns<Figures>(t, i18n.language);
  const district = (value: string | null | undefined) => value ?? t('district.unknown');
  return (
    <div className="districts">
      <p>
        <Link to="/">{t('district.back')}</Link>
      </p>
      <h1>{t('district.title', { name: nameOf(municipality) })}</h1>
      {otherErrors(error).length ? (
        <p className="kern-alert error-notice" role="alert">
          {t('app.failed')}
        </p>
      ) : null}
      {loading && !data ? <p role="status">{t('app.loading')}</p> : null}
      <div className="figure-row">
        {data?.place?.districtAreas.length ? (
          <Figure id="district-map" title={t('district.map')} missing={missing('byDistrict')} note={t('district.mapNote')}>
            <RegionMap
              places="district"
              municipalities={data.place.districtAreas.map((area) => ({ key: area.name, name: area.name, area: area.area, centroid: area.centroid }))}
              // A district without a bucket has no facility or child counted: 0, not missing.
              values={data.place.districtAreas.map((area) => {
                const bucket = data.byDistrict?.find((candidate) => candidate.district === area.name);
                return { key: area.name, value: bucket ? (bucket.waiting ?? null) : 0, suppressed: bucket ? bucket.waiting === null : false };
              })}
              missing={data.byDistrict ? [] : data.place.districtAreas.map((area) => area.name)}
              label={t('district.map')}
            />
          </Figure>
        ) : null}
        <Figure id="by-district" title={t('district.byDistrict')} missing={missing('byDistrict')}>
          <DataTable
            id="table-by-district"
            caption={t('district.byDistrict')}
            fileName={`kita-${municipality}-nach-ortsteil.csv`}
            rows={data?.byDistrict ?? []}
            columns={[{ key: 'district', header: t('figures.district'), text: (row) => district(row.district) }, ...columns]}
          />
        </Figure>
      </div>
      <Figure id="by-district-age" title={t('district.byDistrictAndAge')} missing={missing('byDistrictAndAge')}>
        <DataTable
          id="table-by-district-age"
          caption={t('district.byDistrictAndAge')}
          fileName={`kita-${municipality}-nach-ortsteil-und-alter.csv`}
          rows={data?.byDistrictAndAge ?? []}
          columns={[
            {
              key: 'district',
              header: t('figures.districtAndAge'),
              text: (row) => `${district(row.district)}, ${t(`age.${row.ageGroup}`)}`,
              csv: (row) => `${district(row.district)} ${row.ageGroup}`,
            },
            ...columns,
          ]}
        />
      </Figure>
    </div>
  );
}
