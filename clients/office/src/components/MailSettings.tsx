import { type MailSettings, NotificationSettingsForm } from '@kita/app-shell/mail-settings';
import type { NotificationKind } from '@kita/sdk';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, errorText, Loading } from './notices';

/**
 * A facility's or the office's mail settings (the apps' shared form, @kita/app-shell/mail-settings):
 * the language, the kinds, each required one with the reason it stays on; loading and a failed
 * answer in the workspace's words.
 */
export function WorkspaceMailSettings({
  idPrefix,
  settings,
  loading,
  error,
  onSave,
}: {
  idPrefix: string;
  settings: MailSettings<NotificationKind> | null | undefined;
  loading: boolean;
  error: unknown;
  onSave: (language: string, disabledKinds: NotificationKind[]) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  if (!settings) return loading ? <Loading /> : <ErrorNotice>{errorText(t, error)}</ErrorNotice>;
  return (
    <NotificationSettingsForm
      idPrefix={idPrefix}
      settings={settings}
      texts={{
        language: t('notifications.language'),
        languageHint: t('notifications.languageHint'),
        kinds: t('notifications.kinds'),
        kind: (kind) => t(`notifications.kind.${kind}`, { defaultValue: kind }),
        required: { each: (kind) => t(`notifications.required.${kind}`, { defaultValue: t('notifications.required.other') }) },
        save: t('notifications.save'),
        saved: t('notifications.saved'),
        failed: (caught) => errorText(t, caught),
      }}
      onSave={onSave}
    />
  );
}
