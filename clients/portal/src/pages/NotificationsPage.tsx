import { useMutation, useQuery } from '@apollo/client/react';
import { NotificationSettingsForm } from '@kita/app-shell/mail-settings';
import { errorCode, NotificationSettingsDocument, SetNotificationSettingsDocument } from '@kita/sdk';
import { useTranslation } from 'react-i18next';
import { useUser } from '../auth';
import { ErrorNotice } from '../components/bits';
import { useMunicipalities, usePortal } from '../context';

/** One municipality's settings (each municipality sends its own mail): the language and the kinds switched on. */
function MunicipalitySettings({ municipality }: { municipality: string }) {
  const { t } = useTranslation();
  const { nameOf } = useMunicipalities();
  const { data, error, loading } = useQuery(NotificationSettingsDocument, { variables: { municipality }, fetchPolicy: 'network-only' });
  const [save] = useMutation(SetNotificationSettingsDocument);
  const settings = data?.notificationSettings;
  const prefix = `n-${municipality}`;

  return (
    <section className="kern-card notification-settings" aria-labelledby={`${prefix}-heading`}>
      <div className="kern-card__container">
        <div className="kern-card__header">
          <h2 className="kern-heading-medium" id={`${prefix}-heading`}>
            {nameOf(municipality)}
          </h2>
        </div>
        <div className="kern-card__body">
          {loading && !data ? <p role="status">{t('search.loading')}</p> : null}
          {error && !settings ? <ErrorNotice message={t('notifications.unavailable', { name: nameOf(municipality) })} /> : null}
          {settings ? (
            <NotificationSettingsForm
              idPrefix={prefix}
              settings={settings}
              texts={{
                language: t('notifications.language'),
                kinds: t('notifications.kinds'),
                kind: (kind) => t(`notifications.kind.${kind}`),
                required: { all: t('notifications.requiredHint') },
                requiredMark: t('notifications.required'),
                save: t('notifications.save'),
                saved: t('notifications.saved'),
                failed: (caught) => t(`errors.${errorCode(caught) ?? 'generic'}`, { defaultValue: t('errors.generic') }),
              }}
              onSave={(language, disabledKinds) => save({ variables: { municipality, language, disabledKinds } })}
            />
          ) : null}
        </div>
      </div>
    </section>
  );
}

/** "Benachrichtigungen": which e-mails the signed-in parent gets from each municipality of the portal, and in which language. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const { config, auth } = usePortal();
  const user = useUser(auth);
  const { list } = useMunicipalities();
  const municipalities = config.region.length ? config.region : list.map((municipality) => municipality.key);

  return (
    <section className="notifications">
      <h1 className="kern-heading-large">{t('notifications.title')}</h1>
      <p className="kern-body">{t('notifications.intro')}</p>
      {!user ? (
        <>
          <p>{t('notifications.loginNeeded')}</p>
          <button type="button" className="kern-btn kern-btn--primary" onClick={() => void auth.login('/benachrichtigungen')}>
            <span className="kern-label">{t('login.login')}</span>
          </button>
        </>
      ) : (
        municipalities.map((municipality) => <MunicipalitySettings key={municipality} municipality={municipality} />)
      )}
    </section>
  );
}
