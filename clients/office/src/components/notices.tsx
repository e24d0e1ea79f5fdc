import { errorCode } from '@kita/sdk';
import type { GraphQLFormattedError } from 'graphql';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/** The argument a refused input names (extensions.argument, e.g. input.address.postalCode), if any. */
export function errorArgument(error: unknown): string | undefined {
  const errors = (error as { errors?: readonly GraphQLFormattedError[] } | null)?.errors ?? [];
  const argument = errors[0]?.extensions?.argument;
  return typeof argument === 'string' ? argument : undefined;
}

/** A failed request in plain words by its stable code (never the server's message). */
export function errorText(t: TFunction, error: unknown): string {
  return t(`errors.${errorCode(error) ?? 'generic'}`, { defaultValue: t('errors.generic') });
}

/** An error as an alert that screen readers announce. */
export function ErrorNotice({ children }: { children: React.ReactNode }) {
  return (
    <div className="kern-alert kern-alert--danger" role="alert">
      <div className="kern-alert__body">
        <p className="kern-body">{children}</p>
      </div>
    </div>
  );
}

/** A short confirmation (saved, submitted) announced politely. */
export function SuccessNotice({ children }: { children: React.ReactNode }) {
  return (
    <div className="kern-alert kern-alert--success" role="status">
      <div className="kern-alert__body">
        <p className="kern-body">{children}</p>
      </div>
    </div>
  );
}

export function InfoNotice({ title, children }: { title?: string; children: React.ReactNode }) {
  return (
    <div className="kern-alert kern-alert--info">
      {title ? (
        <div className="kern-alert__header">
          <span className="kern-title kern-title--small">{title}</span>
        </div>
      ) : null}
      <div className="kern-alert__body">
        <div className="kern-body">{children}</div>
      </div>
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="loading">
      {t('common.loading')}
    </p>
  );
}
