import { useTranslation } from 'react-i18next';
import { suppressedText } from '../figures';
import { formatNumber } from '../i18n';

export interface MapMunicipality {
  key: string;
  name: string;
  centroid?: { latitude: number; longitude: number } | null;
  area?: { south: number; west: number; north: number; east: number } | null;
}

export interface MapValue {
  key: string;
  value: number | null;
  suppressed: boolean;
}

const width = 600;
const maxHeight = 520;

/**
 * Municipalities (or one municipality's districts, `places="district"`) as proportional symbols
 * at their registry centroids, over their registry areas (boxes): no tiles, no network. A
 * circle's area is proportional to the value; a suppressed value is a dashed ring labelled
 * "< 5", a place that did not answer a cross. Names and values are written beside the symbols,
 * so nothing depends on colour.
 */
export function RegionMap({
  municipalities,
  values,
  missing,
  label,
  places = 'municipality',
}: {
  municipalities: MapMunicipality[];
  values: MapValue[];
  missing: string[];
  label: string;
  places?: 'municipality' | 'district';
}) {
  const { t, i18n } = useTranslation();
  const placed = municipalities.filter((municipality) => municipality.centroid);
  if (placed.length === 0) return <p>{t('map.noPlaces')}</p>;
  const lats = placed.flatMap((m) => (m.area ? [m.area.south, m.area.north] : [m.centroid!.latitude]));
  const lons = placed.flatMap((m) => (m.area ? [m.area.west, m.area.east] : [m.centroid!.longitude]));
  const [south, north, west, east] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  const shrink = Math.cos((((south + north) / 2) * Math.PI) / 180);
  // The places fit into width × maxHeight (a tall area, like a city's districts, is centred).
  const scale = Math.min((width - 40) / Math.max((east - west) * shrink, 0.01), (maxHeight - 40) / Math.max(north - south, 0.01));
  const height = Math.max(200, (north - south) * scale + 40);
  const left = 20 + (width - 40 - (east - west) * shrink * scale) / 2;
  const x = (longitude: number) => left + (longitude - west) * shrink * scale;
  const y = (latitude: number) => 20 + (north - latitude) * scale;
  const largest = Math.max(1, ...values.map((value) => value.value ?? 0));
  const radius = (value: number) => 4 + 22 * Math.sqrt(value / largest);
  const bucketOf = (key: string) => values.find((value) => value.key === key);
  return (
    <figure className={`region-map region-map--${places}`}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} className="region-map__svg">
        {placed.map((m) =>
          m.area ? (
            <rect
              key={`area-${m.key}`}
              x={x(m.area.west)}
              y={y(m.area.north)}
              width={Math.max(1, x(m.area.east) - x(m.area.west))}
              height={Math.max(1, y(m.area.south) - y(m.area.north))}
              className="region-map__area"
            />
          ) : null,
        )}
        {placed.map((m) => {
          const cx = x(m.centroid!.longitude);
          const cy = y(m.centroid!.latitude);
          const value = bucketOf(m.key);
          const isMissing = missing.includes(m.key) || !value;
          const text = isMissing ? t('map.noAnswer') : value.suppressed ? suppressedText : formatNumber(value.value ?? 0, i18n.language);
          return (
            <g key={m.key} {...{ [`data-${places}`]: m.key }}>
              <title>{`${m.name}: ${text}`}</title>
              {isMissing ? (
                <path d={`M${cx - 6},${cy - 6}L${cx + 6},${cy + 6}M${cx - 6},${cy + 6}L${cx + 6},${cy - 6}`} className="region-map__missing" />
              ) : value.suppressed ? (
                <circle cx={cx} cy={cy} r={6} className="region-map__symbol region-map__symbol--suppressed" />
              ) : (
                <circle cx={cx} cy={cy} r={radius(value.value ?? 0)} className="region-map__symbol" />
              )}
              <text x={cx} y={cy + (isMissing || value.suppressed ? 18 : radius(value.value ?? 0) + 12)} className="region-map__label">
                {`${m.name} ${text}`}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="region-map__legend">
        <span>
          <svg width="18" height="18" aria-hidden="true">
            <circle cx="9" cy="9" r="7" className="region-map__symbol" />
          </svg>{' '}
          {t('map.legendValue')}
        </span>
        <span>
          <svg width="18" height="18" aria-hidden="true">
            <circle cx="9" cy="9" r="6" className="region-map__symbol region-map__symbol--suppressed" />
          </svg>{' '}
          {t('map.legendSuppressed')}
        </span>
        <span>
          <svg width="18" height="18" aria-hidden="true">
            <path d="M3,3L15,15M3,15L15,3" className="region-map__missing" />
          </svg>{' '}
          {t('map.legendMissing')}
        </span>
      </figcaption>
    </figure>
  );
}
