import { useTranslation } from 'react-i18next';

/** The provider area (role provider): App renders it for every path below /anbieter (see ../areas.ts). */
export function ProviderArea({ path }: { path: string }) {
  const { t } = useTranslation();
  return (
    <section className="area" data-path={path}>
      <h1>{t('provider.title')}</h1>
    </section>
  );
}
