// Tokens: the project's design tokens grouped by kind (colours, font sizes, spacing, radii).
// Add one per kind, rename it (references name the token's id, so every use stays), edit its
// value (a colour with the colour picker; every element using it restyles at once), and delete
// it: the engine refuses while elements use it, and the row then lists them and offers to
// delete anyway, which writes the token's value into each of them so nothing changes look.
import { useState } from 'react';
import type { TokenDelta, TokenKind } from '../../bridge/HyperBridge';
import { InUseAlert, useGuardedDelete } from '../../lib/InUseRefusal';
import { TextField } from '../../lib/TextField';
import { groupTokens, KIND_LABEL, newTokenCommand, tokenName, TOKEN_KINDS } from '../../lib/tokens';
import { useProjectStore, useProjectStoreApi } from '../../store/projectStore';
import { ColorPicker } from '../../lib/ColorPicker';

function TokenValue({ token }: { token: TokenDelta }) {
  const api = useProjectStoreApi();
  const [open, setOpen] = useState(false);
  const write = (value: string | null): void => {
    if (value !== null && value !== '') api.getState().run({ type: 'update_token', id: token.id, value });
  };
  return (
    <div className="color-field">
      {token.kind === 'color' && (
        <button
          type="button"
          className="swatch"
          style={{ background: token.value }}
          title={token.value}
          aria-label={`${token.name} colour picker`}
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
        />
      )}
      <TextField label="Value" value={token.value} className="style-field" onCommit={write} />
      {open && <ColorPicker label={token.name} value={token.value} write={write} onClose={() => setOpen(false)} />}
    </div>
  );
}

function TokenRow({ token }: { token: TokenDelta }) {
  const api = useProjectStoreApi();
  const { inUse, remove, removeAnyway, keep } = useGuardedDelete(
    api,
    { type: 'delete_token', id: token.id },
    { type: 'delete_token', id: token.id, force: true },
    'token_in_use',
    token.used_by,
  );
  const uses = token.used_by.length;
  return (
    <li className="token-row" data-testid="token-row" data-token-id={token.id} aria-label={token.name}>
      <TextField
        label="Name"
        value={token.name}
        onCommit={(typed) => typed !== '' && api.getState().run({ type: 'rename_token', id: token.id, name: tokenName(typed) })}
      />
      <TokenValue token={token} />
      <p className="asset-facts">
        <span data-testid="token-usage">{uses === 0 ? 'Not used' : `Used by ${uses}`}</span>
        <button type="button" className="button small danger" onClick={remove}>
          Delete
        </button>
      </p>
      {inUse !== null && (
        <InUseAlert testId="token-in-use" users={inUse} confirm="Delete anyway" onConfirm={removeAnyway} onKeep={keep}>
          “{token.name}” is used by {inUse.length === 1 ? 'one element' : `${inUse.length} elements`}; deleting it writes its value
          into {inUse.length === 1 ? 'it' : 'them'}:
        </InUseAlert>
      )}
    </li>
  );
}

function KindGroup({ kind, tokens }: { kind: TokenKind; tokens: readonly TokenDelta[] }) {
  const api = useProjectStoreApi();
  const add = (): void => {
    api.getState().run(newTokenCommand(kind, '', api.getState().tokens.values()));
  };
  return (
    <section className="token-group" aria-label={KIND_LABEL[kind]}>
      <header className="token-group-header">
        <h3>{KIND_LABEL[kind]}</h3>
        <button type="button" className="button small" aria-label={`Add ${KIND_LABEL[kind]} token`} onClick={add}>
          Add
        </button>
      </header>
      {tokens.length === 0 ? (
        <p className="panel-empty">None yet.</p>
      ) : (
        <ul className="token-list">
          {tokens.map((t) => (
            <TokenRow key={t.id} token={t} />
          ))}
        </ul>
      )}
    </section>
  );
}

export function TokensPanel() {
  const tokens = useProjectStore((s) => s.tokens);
  const groups = groupTokens(tokens.values());
  return (
    <div className="panel-body tokens-panel">
      {TOKEN_KINDS.map((kind) => (
        <KindGroup key={kind} kind={kind} tokens={groups[kind]} />
      ))}
    </div>
  );
}
