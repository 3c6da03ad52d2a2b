/**
 * Sign-in through the deployment's OIDC issuer (the Cognito user pool, or any issuer in AWS
 * China): authorization code with PKCE, by oidc-client-ts — loaded only when this way is used.
 * The API takes the ID token (it carries the role and scope claims).
 */
import { consoleConfig } from './useConfig.ts';
import { startSession } from './useSession.ts';

async function manager() {
  const config = await consoleConfig();
  if (config.auth !== 'oidc') throw new Error('OIDC sign-in is not configured');
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  return new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${window.location.origin}/auth/callback`,
    post_logout_redirect_uri: `${window.location.origin}/sign-in`,
    response_type: 'code',
    scope: config.scope ?? 'openid profile email',
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
}

export async function signInWithOidc(redirect: string): Promise<void> {
  await (await manager()).signinRedirect({ state: { redirect } });
}

/** Completes the redirect back from the issuer; returns where the person was going. */
export async function completeOidcSignIn(): Promise<string> {
  const user = await (await manager()).signinRedirectCallback();
  if (!user.id_token) throw new Error('the issuer returned no ID token');
  startSession(user.id_token);
  return (user.state as { redirect?: string } | undefined)?.redirect ?? '/';
}
