// The box a comment or reply is written in: Enter posts (Shift+Enter breaks the line), Escape
// cancels; typing `@` offers the project's members and inserts `@name`, kept as their user id.
import { useRef, useState } from 'react';
import type { UserId } from '../bridge/types';
import { mentionQuery, mentionsIn, type Member } from '../lib/comments';
import { useMembers } from './members';

export interface ComposerProps {
  /** The text field's accessible name ("Comment", "Reply"). */
  readonly label: string;
  /** The post button's text. */
  readonly action: string;
  readonly onPost: (text: string, mentions: UserId[]) => boolean;
  readonly onCancel?: () => void;
  readonly autoFocus?: boolean;
}

export function Composer({ label, action, onPost, onCancel, autoFocus = false }: ComposerProps) {
  const members = useMembers();
  const field = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [picked, setPicked] = useState<readonly Member[]>([]);
  const [active, setActive] = useState(0);
  const query = mentionQuery(text, caret);
  const options =
    query === null ? [] : members.filter((m) => m.name.toLowerCase().includes(query.query.toLowerCase())).slice(0, 8);

  const post = (): void => {
    if (text.trim() === '') return;
    if (onPost(text, mentionsIn(text, picked))) {
      setText('');
      setPicked([]);
    }
  };
  const insert = (member: Member): void => {
    if (query === null) return;
    const before = `${text.slice(0, query.start)}@${member.name} `;
    const next = before + text.slice(caret);
    setText(next);
    setPicked((p) => (p.some((m) => m.id === member.id) ? p : [...p, member]));
    setCaret(before.length);
    setActive(0);
    requestAnimationFrame(() => {
      field.current?.focus();
      field.current?.setSelectionRange(before.length, before.length);
    });
  };

  return (
    <div className="comment-composer">
      <textarea
        ref={field}
        aria-label={label}
        placeholder={members.length > 0 ? 'Write a comment — @ to mention' : 'Write a comment'}
        value={text}
        rows={2}
        autoFocus={autoFocus}
        maxLength={5000}
        onChange={(e) => {
          setText(e.target.value);
          setCaret(e.target.selectionStart);
          setActive(0);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (options.length > 0 && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
            e.preventDefault();
            setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
          } else if (options.length > 0 && (e.key === 'Enter' || e.key === 'Tab')) {
            e.preventDefault();
            const member = options[active];
            if (member !== undefined) insert(member);
          } else if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            post();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            onCancel?.();
          }
        }}
      />
      {options.length > 0 && (
        <ul className="mention-picker" role="listbox" aria-label="Mention someone" data-testid="mention-picker">
          {options.map((m, i) => (
            <li
              key={m.id}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onPointerDown={(e) => {
                e.preventDefault();
                insert(m);
              }}
            >
              @{m.name}
            </li>
          ))}
        </ul>
      )}
      <div className="comment-actions">
        {onCancel !== undefined && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="button" className="primary" disabled={text.trim() === ''} onClick={post}>
          {action}
        </button>
      </div>
    </div>
  );
}
