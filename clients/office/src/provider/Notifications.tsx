import { useMutation, useQuery } from '@apollo/client/react';
import { ProviderNotificationSettingsDocument, ProviderSetNotificationSettingsDocument } from '@kita/sdk';
import { useTranslation } from 'react-i18next';
import { WorkspaceMailSettings } from '../components/MailSettings';
import type { ProviderFacility } from './FacilityArea';

/** The facility's mails: the language they are written in and which kinds it gets (kept per facility). */
export function Notifications({ facility }: { facility: ProviderFacility }) {
  const { t } = useTranslation();
  const { data, loading, error } = useQuery(ProviderNotificationSettingsDocument, {
    variables: { facilityId: facility.id },
    fetchPolicy: 'cache-and-network',
  });
  const [save] = useMutation(ProviderSetNotificationSettingsDocument);
  return (
    <div className="facility-notifications">
      <h2>{t('provider.sections.benachrichtigungen')}</h2>
      <p className="kern-body">{t('provider.notifications.intro', { email: facility.contact?.email ?? '–' })}</p>
      <WorkspaceMailSettings
        idPrefix="facility-mail"
        settings={data?.facilityNotificationSettings}
        loading={loading}
        error={error}
        onSave={(language, disabledKinds) => save({ variables: { facilityId: facility.id, language, disabledKinds } })}
      />
    </div>
  );
}
