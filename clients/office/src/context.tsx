import { type Auth, useUser } from '@kita/app-shell/auth';
import { createContext, useContext } from 'react';
import type { OfficeConfig } from './config';

export const WorkspaceContext = createContext<{ config: OfficeConfig; auth: Auth } | null>(null);

/** The workspace's run-time configuration and login. */
export function useWorkspace() {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('WorkspaceContext missing');
  return value;
}

/** Who is logged in, from the ID token's claims (the login's `profile` scope): the role picks the area. */
export interface Session {
  /** The token's subject (sub): what a facility's members list. */
  subject: string;
  name: string;
  /** provider, office, parent or analyst: only provider and office have an area here. */
  role: string;
  /** The municipalities (AGS) an office or analyst token is scoped to; empty for providers. */
  municipalities: string[];
}

/** The logged-in person, or null before login. */
export function useSession(): Session | null {
  const { auth } = useWorkspace();
  const user = useUser(auth);
  if (!user) return null;
  const profile = user.profile as Record<string, unknown>;
  const municipalities = Array.isArray(profile.municipalities) ? profile.municipalities.filter((key): key is string => typeof key === 'string') : [];
  return {
    subject: user.profile.sub,
    name: typeof profile.name === 'string' ? profile.name : user.profile.sub,
    role: typeof profile.role === 'string' ? profile.role : '',
    municipalities,
  };
}
