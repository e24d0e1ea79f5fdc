import { useApolloClient } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Auth } from './auth';
import { useRouter } from './router';

/** The page the OpenID provider returns to (/callback): completes the login, drops what was cached without it, and goes back where the person was. */
export function LoginCallback({ auth }: { auth: Auth }) {
  const { navigate } = useRouter();
  const client = useApolloClient();
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let done = false;
    auth
      .completeLogin()
      .then(async (returnTo) => {
        if (done) return;
        done = true;
        await client.resetStore();
        navigate(returnTo);
      })
      .catch(() => setFailed(true));
    return () => {
      done = true;
    };
  }, [auth, client, navigate]);
  return <p role="status">{failed ? t('login.failed') : t('login.completing')}</p>;
}
