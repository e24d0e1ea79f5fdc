import { useMutation, useQuery } from '@apollo/client/react';
import { DeskNotificationSettingsDocument, DeskSetNotificationSettingsDocument } from '@kita/sdk';
import { useTranslation } from 'react-i18next';
import { WorkspaceMailSettings } from '../components/MailSettings';
import { useMunicipalityName } from './municipalities';

/** The office's own mails in its municipality (the daily digest of what waits): language and whether it comes. */
export function Notifications({ municipality }: { municipality: string }) {
  const { t } = useTranslation();
  const nameOf = useMunicipalityName();
  const { data, loading, error } = useQuery(DeskNotificationSettingsDocument, { variables: { municipality }, fetchPolicy: 'cache-and-network' });
  const [save] = useMutation(DeskSetNotificationSettingsDocument);
  return (
    <section aria-labelledby="office-mails-title">
      <h1 className="kern-heading-large" id="office-mails-title">
        {t('office.notifications.title')}
      </h1>
      <p className="kern-body">{t('office.notifications.intro', { name: nameOf(municipality) })}</p>
      <WorkspaceMailSettings
        idPrefix="office-mail"
        settings={data?.notificationSettings}
        loading={loading}
        error={error}
        onSave={(language, disabledKinds) => save({ variables: { municipality, language, disabledKinds } })}
      />
    </section>
  );
}
