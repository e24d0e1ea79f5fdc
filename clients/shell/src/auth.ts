import { type User, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { useSyncExternalStore } from 'react';

/** Where an app logs in: the OpenID provider (issuer) and the app's public client. */
export interface LoginConfig {
  loginUrl: string;
  clientId: string;
}

/** A person's login in a browser app: authorization code with PKCE at the configured OpenID provider (portal, dashboard). */
export class Auth {
  readonly manager: UserManager;
  private user: User | null = null;
  private listeners = new Set<() => void>();

  constructor(config: LoginConfig) {
    const origin = window.location.origin;
    this.manager = new UserManager({
      authority: config.loginUrl,
      client_id: config.clientId,
      redirect_uri: `${origin}/callback`,
      post_logout_redirect_uri: `${origin}/`,
      response_type: 'code',
      scope: 'openid profile',
      userStore: new WebStorageStateStore({ store: window.sessionStorage }),
      automaticSilentRenew: false,
    });
    this.manager.events.addUserLoaded((user) => this.set(user));
    this.manager.events.addUserUnloaded(() => this.set(null));
  }

  async load(): Promise<void> {
    const user = await this.manager.getUser();
    this.set(user && !user.expired ? user : null);
  }

  private set(user: User | null) {
    this.user = user;
    for (const listener of this.listeners) listener();
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  current = () => this.user;

  accessToken = () => (this.user && !this.user.expired ? this.user.access_token : undefined);

  login(returnTo: string) {
    return this.manager.signinRedirect({ state: { returnTo } });
  }

  private completing: Promise<string> | null = null;

  /**
   * Exchanges the code the provider sent back, once: a second call (React's StrictMode runs the
   * callback page's effect twice in development) gets the same answer instead of spending the
   * code again, which the provider refuses.
   */
  completeLogin(): Promise<string> {
    this.completing ??= this.manager.signinRedirectCallback().then((user) => {
      this.set(user);
      const state = user.state as { returnTo?: string } | undefined;
      return state?.returnTo ?? '/';
    });
    return this.completing;
  }

  async logout() {
    await this.manager.removeUser();
    this.set(null);
  }
}

export function useUser(auth: Auth): User | null {
  return useSyncExternalStore(auth.subscribe, auth.current);
}
