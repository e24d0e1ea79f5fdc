import { useQuery } from '@apollo/client/react';
import { Link } from '@kita/app-shell/router';
import { otherErrors, partialAnswerAt, RegionOverviewDocument, SupplyDemandHistoryDocument } from '@kita/sdk';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useDashboard } from '../App';
import { figureColumns } from '../components/columns';
import { DataTable, Figure } from '../components/Figure';
import { RegionMap } from '../components/RegionMap';
import { countText, coverageText, type Figures, suppressedText } from '../figures';
import { formatDate, formatNumber } from '../i18n';
import { seriesDays } from '../series';

// The chart library (Observable Plot with d3) loads after the first figures, as its own chunk.
const TimeSeries = lazy(() => import('../components/TimeSeries').then((module) => ({ default: module.TimeSeries })));

/** The key figures of the region: children waiting and placed, free places, coverage. */
function KeyFigures({ total }: { total: Figures | undefined }) {
  const { t, i18n } = useTranslation();
  const number = (value: number) => formatNumber(value, i18n.language);
  const items: Array<[string, string]> = total
    ? [
        [t('figures.waiting'), countText(total.waiting, total.suppressed, number)],
        [t('figures.placed'), countText(total.placed, total.suppressed, number)],
        [t('figures.freePlaces'), number(total.freePlaces)],
        [t('figures.capacity'), number(total.capacity)],
        [t('figures.coverage'), coverageText(total, (value) => formatNumber(value, i18n.language, 2))],
      ]
    : [];
  return (
    <dl className="key-figures">
      {items.map(([label, value]) => (
        <div key={label} className="key-figure">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function OverviewPage() {
  const { t, i18n } = useTranslation();
  const { config } = useDashboard();
  const municipalities = config.region.length ? config.region : null;
  const overview = useQuery(RegionOverviewDocument, { variables: { municipalities } });
  const history = useQuery(SupplyDemandHistoryDocument, { variables: { ...seriesDays(), municipalities } });
  const registry = overview.data?.municipalities ?? [];
  const nameOf = (key: string | null | undefined) => registry.find((m) => m.key === key)?.name ?? key ?? '';
  const missing = (field: string, error: unknown) => partialAnswerAt(error, field).map(nameOf);
  const failures = [...otherErrors(overview.error), ...otherErrors(history.error)];

  if (overview.loading && !overview.data) return <p role="status">{t('app.loading')}</p>;
  const byMunicipality = overview.data?.byMunicipality ?? [];
  const missingKeys = partialAnswerAt(overview.error, 'byMunicipality');
  const shown = registry.filter((m) => byMunicipality.some((bucket) => bucket.municipality === m.key) || missingKeys.includes(m.key));
  const columns = figureColumns<Figures>(t, i18n.language);
  const series = (history.data?.history ?? []).map((point) => ({
    day: point.day,
    waiting: point.waiting ?? null,
    placed: point.placed ?? null,
    freePlaces: point.freePlaces,
  }));
  const monthly = (history.data?.history ?? []).filter((point) => point.day.endsWith('-01'));

  return (
    <div className="overview">
      <h1>{t('overview.title', { region: config.regionName })}</h1>
      <p className="lead">{t('overview.lead')}</p>
      {failures.length ? (
        <p className="kern-alert error-notice" role="alert">
          {t('app.failed')}
        </p>
      ) : null}
      <Figure id="total" title={t('overview.keyFigures')} missing={missing('total', overview.error)}>
        <KeyFigures total={overview.data?.total?.[0]} />
      </Figure>
      <div className="figure-row">
        <Figure id="map" title={t('overview.map')} missing={missing('byMunicipality', overview.error)} note={t('map.note')}>
          <RegionMap
            municipalities={shown}
            values={byMunicipality.map((bucket) => ({ key: bucket.municipality ?? '', value: bucket.waiting ?? null, suppressed: bucket.waiting === null }))}
            missing={missingKeys}
            label={t('overview.map')}
          />
        </Figure>
        <Figure id="by-municipality" title={t('overview.byMunicipality')} missing={missing('byMunicipality', overview.error)}>
          <DataTable
            id="table-by-municipality"
            caption={t('overview.byMunicipality')}
            fileName="kita-nach-kommune.csv"
            rows={byMunicipality}
            columns={[
              {
                key: 'municipality',
                header: t('figures.municipality'),
                text: (row) => nameOf(row.municipality),
                csv: (row) => `${row.municipality} ${nameOf(row.municipality)}`,
              },
              ...columns,
            ]}
          />
          <ul className="drill-down">
            {byMunicipality.map((bucket) => (
              <li key={bucket.municipality}>
                <Link to={`/gemeinde/${bucket.municipality}`}>{t('overview.districtsOf', { name: nameOf(bucket.municipality) })}</Link>
              </li>
            ))}
          </ul>
        </Figure>
      </div>
      <Figure id="series" title={t('overview.series')} missing={missing('history', history.error)} note={t('series.note')}>
        <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
          <TimeSeries points={series} label={t('overview.series')} />
        </Suspense>
        <DataTable
          id="table-series"
          caption={t('series.table')}
          fileName="kita-verlauf.csv"
          rows={monthly}
          columns={[
            { key: 'day', header: t('figures.day'), text: (row) => formatDate(row.day, i18n.language), csv: (row) => row.day },
            ...figureColumns<(typeof monthly)[number]>(t, i18n.language),
          ]}
        />
      </Figure>
      <div className="figure-row">
        <Figure id="by-age" title={t('overview.byAgeAndHours')} missing={missing('byAgeAndHours', overview.error)}>
          <DataTable
            id="table-by-age"
            caption={t('overview.byAgeAndHours')}
            fileName="kita-nach-alter-und-umfang.csv"
            rows={overview.data?.byAgeAndHours ?? []}
            columns={[
              {
                key: 'group',
                header: t('figures.ageAndHours'),
                text: (row) => `${t(`age.${row.ageGroup}`)}, ${t(`hours.${row.hoursBand}`)}`,
                csv: (row) => `${row.ageGroup} ${row.hoursBand}`,
              },
              ...columns,
            ]}
          />
        </Figure>
        <Figure id="by-kind" title={t('overview.byKind')} missing={missing('byKind', overview.error)}>
          <DataTable
            id="table-by-kind"
            caption={t('overview.byKind')}
            fileName="kita-nach-betreuungsart.csv"
            rows={overview.data?.byKind ?? []}
            columns={[{ key: 'kind', header: t('figures.kind'), text: (row) => t(`kind.${row.kind ?? 'UNKNOWN'}`), csv: (row) => row.kind ?? '' }, ...columns]}
          />
        </Figure>
      </div>
      <p className="figure__note">{t('overview.suppression', { mark: suppressedText })}</p>
    </div>
  );
}
