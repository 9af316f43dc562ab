// The top bar's share of presence: the live status (connecting / live / offline, and whether my
// edits have reached the server) and an avatar per user here; clicking one follows their view.
import { useCollaborators, useFollowing, useLive, useLiveStatus } from './liveContext';
import { liveStatusText } from './connection';
import { initials } from './presence';

export function Collaborators() {
  const live = useLive();
  const status = useLiveStatus(live);
  const users = useCollaborators(live);
  const following = useFollowing(live);
  if (live === null || status === null) return null;
  return (
    <div className="collaborators" role="group" aria-label="People here">
      <span
        className={`live-status live-${status.state}${status.unsynced ? ' live-unsynced' : ''}`}
        data-testid="live-status"
        data-state={status.state}
        data-unsynced={status.unsynced}
        role="status"
        title={liveStatusText(status)}
      >
        <span className="live-dot" aria-hidden="true" />
        {status.state === 'live' ? 'Live' : status.state === 'offline' ? 'Offline' : 'Connecting'}
      </span>
      {users.map((u) => (
        <button
          key={u.client}
          type="button"
          className={`avatar${following === u.client ? ' following' : ''}`}
          data-testid="collaborator"
          data-user={u.user.name}
          aria-pressed={following === u.client}
          aria-label={following === u.client ? `Stop following ${u.user.name}` : `Follow ${u.user.name}`}
          title={following === u.client ? `Following ${u.user.name} — click to stop` : `${u.user.name} — click to follow`}
          style={{ background: u.user.color, outlineColor: u.user.color }}
          onClick={() => live.follow(following === u.client ? null : u.client)}
        >
          {initials(u.user.name)}
        </button>
      ))}
    </div>
  );
}
