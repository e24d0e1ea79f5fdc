import { useTranslation } from 'react-i18next';

/**
 * The office area (role office): App renders it for every path below /amt (see ../areas.ts) and
 * gives it the rest of the path, '/' for its start page. Links inside use officePath('/…').
 */
export function OfficeArea({ path }: { path: string }) {
  const { t } = useTranslation();
  return (
    <section className="area" data-path={path}>
      <h1>{t('office.title')}</h1>
      <p>{t('office.placeholder')}</p>
    </section>
  );
}
