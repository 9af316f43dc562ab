// `/join/<token>`: a share link opened. Signed in, it joins the project with the link's role and
// opens it live; signed out, it asks to sign in or sign up first (the account form of the home).
// A revoked (or unknown) link says so and joins nothing.
import { useEffect, useState } from 'react';
import { AccountForm } from './AccountForm';
import { ApiError, failureText, ServerApi, type Account } from '../server/api';
import { serverProjectPath } from '../server/live';
import { navigate } from '../persistence/sessionContext';

/** Why joining failed, in plain words. */
function joinFailure(error: unknown): string {
  if (error instanceof ApiError && error.code === 'not_found') {
    return 'This share link was revoked, or it never existed: it no longer opens the project. Ask the project’s owner for a new link.';
  }
  return `The project could not be joined: ${failureText(error)}`;
}

export function JoinPage({ token }: { token: string }) {
  const [api] = useState(() => new ServerApi());
  const [account, setAccount] = useState<Account | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void api.account().then((found) => current && setAccount(found));
    return () => {
      current = false;
    };
  }, [api]);

  const signedIn = account?.state === 'signed-in';
  useEffect(() => {
    if (!signedIn) return;
    let current = true;
    api
      .acceptShareLink(token)
      .then((project) => current && navigate(serverProjectPath(project.id), true))
      .catch((e: unknown) => current && setError(joinFailure(e)));
    return () => {
      current = false;
    };
  }, [api, token, signedIn]);

  return (
    <div className="app home" data-engine-state="join">
      <header className="toolbar topbar">
        <span className="brand" aria-label="OMNIOS">
          <span className="brand-mark" aria-hidden="true">◆</span> OMNIOS
        </span>
        {account?.state === 'signed-in' && (
          <span className="account-email" data-testid="account-email">
            {account.user.email}
          </span>
        )}
      </header>
      <main className="home-body">
        <div className="join-card">
          <h2 className="home-section-title">Join a shared project</h2>
          {error !== null ? (
            <>
              <div className="home-message home-error" role="alert" data-testid="join-error">
                {error}
              </div>
              <button type="button" className="button" onClick={() => navigate('/')}>
                All projects
              </button>
            </>
          ) : account === null || signedIn ? (
            <p className="panel-empty" data-testid="join-status">
              {account === null ? 'Asking the server…' : 'Joining the project…'}
            </p>
          ) : account.state === 'no-server' ? (
            <div className="home-message home-error" role="alert" data-testid="join-error">
              This address has no OMNIOS server with accounts, so a share link cannot open here.
            </div>
          ) : (
            <AccountForm
              api={api}
              title="Someone shared a project with you. Sign in, or sign up, to open it."
              onSignedIn={(user) => setAccount({ state: 'signed-in', user })}
            />
          )}
        </div>
      </main>
    </div>
  );
}
