// Share a server project: who is in it (email, role), and for its owners inviting an account by
// email with a role, changing a role, removing someone, and share links (made with a role, the
// full address shown once with a Copy button, listed and revoked). Others see the members read
// only. Every refusal is shown as the server gave it, the common ones in plain words.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, failureText, type Member, type Role, type ServerApi, type ServerProject, type ShareLinkSummary, type User } from './api';

export const ROLE_NAMES: Readonly<Record<Role, string>> = { owner: 'Owner', editor: 'Editor', viewer: 'Viewer' };

/** The address a share link's token opens: the editor's join page on this origin. */
export function shareLinkUrl(token: string, origin: string = window.location.origin): string {
  return new URL(`/join/${encodeURIComponent(token)}`, origin).href;
}

/** A refused request as one sentence; the codes people meet here in plain words. */
export function shareFailure(what: string, error: unknown): string {
  if (error instanceof ApiError) {
    const reference = error.correlationId === null ? '' : ` (reference ${error.correlationId})`;
    if (error.code === 'not_found' && what === 'invite') return `No account with that email: they need to sign up on this server first${reference}.`;
    if (error.code === 'conflict') return `${error.message}${reference}`;
    if (error.code === 'forbidden') return `Only the project’s owners can do this (${error.message})${reference}.`;
    if (error.code === 'unauthorized') return `You are signed out: sign in again${reference}.`;
  }
  return failureText(error);
}

function RoleSelect({ value, label, onChange, owner = false, disabled = false }: { value: Role; label: string; onChange: (role: Role) => void; owner?: boolean; disabled?: boolean }) {
  return (
    <select className="share-select" aria-label={label} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as Role)}>
      {owner && <option value="owner">Owner</option>}
      <option value="editor">Editor</option>
      <option value="viewer">Viewer</option>
    </select>
  );
}

export function ShareDialog({ api, project, me, onClose }: { api: ServerApi; project: ServerProject; me: User; onClose: () => void }) {
  const isOwner = project.role === 'owner';
  const [members, setMembers] = useState<readonly Member[] | null>(null);
  const [links, setLinks] = useState<readonly ShareLinkSummary[]>([]);
  /** Tokens of the links made while the dialog is open (the server never shows them again). */
  const [tokens, setTokens] = useState<ReadonlyMap<string, string>>(new Map());
  const [inviteEmail, setInviteEmail] = useState('');
  const [inviteRole, setInviteRole] = useState<Role>('editor');
  const [linkRole, setLinkRole] = useState<Role>('viewer');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);

  const refresh = useCallback(async () => {
    try {
      setMembers(await api.listMembers(project.id));
      if (isOwner) setLinks(await api.listShareLinks(project.id));
    } catch (e) {
      setError(shareFailure('list', e));
    }
  }, [api, project.id, isOwner]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const loaded = members !== null;
  useEffect(() => {
    if (loaded) dialog.current?.querySelector<HTMLElement>('input, select, button:not(.dialog-close)')?.focus();
  }, [loaded]);

  /** Runs one change; its refusal is shown, the lists are read again either way. */
  const act = async (what: string, change: () => Promise<string | null>): Promise<void> => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(await change());
    } catch (e) {
      setError(shareFailure(what, e));
    } finally {
      await refresh();
      setBusy(false);
    }
  };

  // Escape closes from anywhere, also when focus left the dialog (a button disabled while busy).
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent): void => {
      if (event.key === 'Escape') closeRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <div
        ref={dialog}
        className="dialog share-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="share-title"
        data-testid="share-dialog"
        onClick={(e) => e.stopPropagation()}
      >
        <header className="dialog-header">
          <h2 id="share-title">Share “{project.name}”</h2>
          <button type="button" className="icon-button dialog-close" aria-label="Close" onClick={onClose}>
            ✕
          </button>
        </header>
        <div className="share-body">
          {error !== null && (
            <div className="home-message home-error share-message" role="alert" data-testid="share-error">
              {error}
            </div>
          )}
          {notice !== null && (
            <div className="home-message share-message" role="status" data-testid="share-notice">
              {notice}
            </div>
          )}
          {isOwner ? (
            <form
              className="share-row"
              aria-label="Invite by email"
              onSubmit={(e) => {
                e.preventDefault();
                const email = inviteEmail.trim();
                void act('invite', async () => {
                  const added = await api.inviteMember(project.id, email, inviteRole);
                  setInviteEmail('');
                  return `${added.email} is now ${ROLE_NAMES[added.role].toLowerCase()}.`;
                });
              }}
            >
              <input
                className="text-input share-email"
                type="email"
                required
                aria-label="Email to invite"
                placeholder="Email of an account on this server"
                value={inviteEmail}
                onChange={(e) => setInviteEmail(e.target.value)}
              />
              <RoleSelect value={inviteRole} label="Role to invite as" onChange={setInviteRole} />
              <button type="submit" className="button primary" disabled={busy}>
                Invite
              </button>
            </form>
          ) : (
            <p className="muted share-note" data-testid="share-read-only">
              You are {ROLE_NAMES[project.role].toLowerCase()} here: only the project’s owners invite people, change roles and make share links.
            </p>
          )}

          <h3 className="share-heading">People with access</h3>
          {members === null ? (
            <p className="panel-empty">Asking the server…</p>
          ) : (
            <ul className="share-list" aria-label="Members">
              {members.map((m) => (
                <li key={m.user} className="share-item" data-testid="member" data-email={m.email} data-role={m.role}>
                  <span className="share-who">
                    {m.email}
                    {m.user === me.id && <span className="muted"> (you)</span>}
                  </span>
                  {isOwner ? (
                    <>
                      <RoleSelect
                        owner
                        value={m.role}
                        label={`Role of ${m.email}`}
                        disabled={busy}
                        onChange={(role) => void act('role', async () => `${(await api.changeRole(project.id, m.user, role)).email} is now ${ROLE_NAMES[role].toLowerCase()}.`)}
                      />
                      <button
                        type="button"
                        className="button small"
                        aria-label={`Remove ${m.email}`}
                        disabled={busy}
                        onClick={() =>
                          void act('remove', async () => {
                            await api.removeMember(project.id, m.user);
                            return `${m.email} no longer has access.`;
                          })
                        }
                      >
                        Remove
                      </button>
                    </>
                  ) : (
                    <span className="share-role">{ROLE_NAMES[m.role]}</span>
                  )}
                </li>
              ))}
            </ul>
          )}

          {isOwner && (
            <>
              <h3 className="share-heading">Share links</h3>
              <p className="muted share-note">Whoever opens a link signs in (or signs up) and joins with its role, until you revoke it.</p>
              <div className="share-row">
                <RoleSelect value={linkRole} label="Role the link grants" onChange={setLinkRole} />
                <button
                  type="button"
                  className="button"
                  disabled={busy}
                  onClick={() =>
                    void act('link', async () => {
                      const made = await api.createShareLink(project.id, linkRole);
                      setTokens((known) => new Map(known).set(made.id, made.token));
                      return `A ${ROLE_NAMES[made.role].toLowerCase()} link was made: copy it now, it is shown only this once.`;
                    })
                  }
                >
                  Create link
                </button>
              </div>
              {links.length === 0 ? (
                <p className="panel-empty">No share links.</p>
              ) : (
                <ul className="share-list" aria-label="Share links">
                  {links.map((link) => (
                    <ShareLinkRow
                      key={link.id}
                      link={link}
                      token={tokens.get(link.id)}
                      busy={busy}
                      onRevoke={() =>
                        void act('revoke', async () => {
                          await api.revokeShareLink(project.id, link.id);
                          return `The ${ROLE_NAMES[link.role].toLowerCase()} link was revoked: it no longer lets anyone join.`;
                        })
                      }
                    />
                  ))}
                </ul>
              )}
            </>
          )}
        </div>
      </div>
    </div>
  );
}

function ShareLinkRow({ link, token, busy, onRevoke }: { link: ShareLinkSummary; token: string | undefined; busy: boolean; onRevoke: () => void }) {
  const [copied, setCopied] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const url = token === undefined ? null : shareLinkUrl(token);
  const made = new Date(link.created_at).toLocaleString();
  const copy = async (): Promise<void> => {
    if (url === null) return;
    field.current?.select();
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      document.execCommand('copy'); // the field is selected: the older way still copies it
    }
    setCopied(true);
  };
  return (
    <li className="share-item share-link" data-testid="share-link" data-role={link.role} data-link-id={link.id}>
      <span className="share-who">
        {ROLE_NAMES[link.role]} link <span className="muted">· made {made}</span>
      </span>
      {url !== null && (
        <>
          <input ref={field} className="text-input share-url" readOnly aria-label={`${ROLE_NAMES[link.role]} link address`} data-testid="share-link-url" value={url} onFocus={(e) => e.target.select()} />
          <button type="button" className="button small" onClick={() => void copy()}>
            {copied ? 'Copied' : 'Copy'}
          </button>
        </>
      )}
      <button type="button" className="button small" aria-label={`Revoke the ${link.role} link made ${made}`} disabled={busy} onClick={onRevoke}>
        Revoke
      </button>
    </li>
  );
}
