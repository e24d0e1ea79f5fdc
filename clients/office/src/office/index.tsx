import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { officePath } from '../areas';
import { AreaNav } from '../components/AreaNav';
import { useSession } from '../context';
import { Allocation } from './Allocation';
import { Conflicts } from './Conflicts';
import { Duplicates } from './Duplicates';
import { Filing } from './Filing';
import { useMunicipalityName } from './municipalities';
import { Notifications } from './Notifications';
import { Permits } from './Permits';
import { ReservationQueue } from './ReservationQueue';
import { ReviewDetail, ReviewQueue } from './ReviewQueue';
import { SelectField } from './ui';
import './office.css';

/** The office's pages: path below /amt, the nav label's key. The review queue is also the start page. */
const pages = [
  { path: '/pruefung', key: 'review' },
  { path: '/erlaubnisse', key: 'permits' },
  { path: '/vormerkungen', key: 'queue' },
  { path: '/vergabe', key: 'allocation' },
  { path: '/konflikte', key: 'conflicts' },
  { path: '/doppelte', key: 'duplicates' },
  { path: '/erfassen', key: 'filing' },
  { path: '/benachrichtigungen', key: 'notifications' },
] as const;

const storageKey = 'kita-office.municipality';

/**
 * The office area (role office): the Jugendamt or Familienbüro of the municipalities its login
 * names works here. App renders it for every path below /amt and gives it the rest of the path.
 */
export function OfficeArea({ path }: { path: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const nameOf = useMunicipalityName();
  const keys = session?.municipalities ?? [];
  const [chosen, setChosen] = useState(() => window.sessionStorage.getItem(storageKey) ?? '');
  const municipality = keys.includes(chosen) ? chosen : (keys[0] ?? '');
  useEffect(() => {
    if (municipality) window.sessionStorage.setItem(storageKey, municipality);
  }, [municipality]);

  if (!municipality)
    return (
      <section>
        <h1 className="kern-heading-large">{t('office.title')}</h1>
        <p>{t('office.noMunicipality')}</p>
      </section>
    );

  let page: React.ReactNode;
  if (path === '/' || path === '/pruefung') page = <ReviewQueue municipality={municipality} base={officePath('/pruefung')} />;
  else if (path.startsWith('/pruefung/')) page = <ReviewDetail id={decodeURIComponent(path.slice('/pruefung/'.length))} base={officePath('/pruefung')} />;
  else if (path === '/erlaubnisse') page = <Permits municipality={municipality} />;
  else if (path === '/vormerkungen') page = <ReservationQueue municipality={municipality} />;
  else if (path === '/vergabe') page = <Allocation municipality={municipality} />;
  else if (path === '/konflikte') page = <Conflicts municipality={municipality} />;
  else if (path === '/doppelte') page = <Duplicates municipality={municipality} />;
  else if (path === '/erfassen') page = <Filing municipality={municipality} />;
  else if (path === '/benachrichtigungen') page = <Notifications municipality={municipality} />;
  else
    page = (
      <section>
        <h1 className="kern-heading-large">{t('app.notFound')}</h1>
      </section>
    );

  return (
    <div className="office-area" key={municipality}>
      <div className="office-area__top">
        <p className="office-area__municipality">{t('office.for', { name: nameOf(municipality) })}</p>
        {keys.length > 1 ? (
          <SelectField id="office-municipality" label={t('office.municipality')} value={municipality} onChange={setChosen}>
            {keys.map((key) => (
              <option key={key} value={key}>
                {nameOf(key)}
              </option>
            ))}
          </SelectField>
        ) : null}
      </div>
      <AreaNav label={t('office.nav')} items={pages.map((item) => ({ to: officePath(item.path), label: t(`office.pages.${item.key}`) }))} />
      {page}
    </div>
  );
}
