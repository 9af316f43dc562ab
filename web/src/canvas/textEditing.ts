// Inline text editing: double-click makes the element's own DOM node editable; Enter, Escape or a
// click elsewhere ends the edit and writes the text once (set_content), so undo reverts it in one
// step (as in Figma and Webflow: Escape leaves editing, it does not throw the text away).
import type { ElementId } from '../bridge/types';
import type { ProjectStoreApi } from '../store/projectStore';

let finish: ((commit: boolean) => void) | null = null;

/** Ends the edit in progress, writing it when `commit`. */
export function stopTextEditing(commitEdit = true): void {
  finish?.(commitEdit);
}

export function startTextEditing(api: ProjectStoreApi, id: ElementId, node: HTMLElement): void {
  stopTextEditing(true);
  const before = node.textContent ?? '';
  node.contentEditable = 'plaintext-only';
  node.spellcheck = false;
  node.classList.add('omnios-editing');
  node.focus();
  const range = document.createRange();
  range.selectNodeContents(node);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
  api.getState().setEditingText(id);

  const onKey = (e: KeyboardEvent): void => {
    e.stopPropagation();
    if (e.key === 'Escape' || (e.key === 'Enter' && !e.shiftKey)) {
      e.preventDefault();
      end(true);
    }
  };
  const onBlur = (): void => end(true);
  const end = (commitEdit: boolean): void => {
    if (finish !== end) return;
    finish = null;
    node.removeEventListener('keydown', onKey);
    node.removeEventListener('blur', onBlur);
    node.contentEditable = 'false';
    node.removeAttribute('contenteditable');
    node.classList.remove('omnios-editing');
    window.getSelection()?.removeAllRanges();
    const after = node.textContent ?? '';
    api.getState().setEditingText(null);
    if (commitEdit && after !== before) {
      if (api.getState().run({ type: 'set_content', id, content: after }) === null) node.textContent = before;
    } else if (!commitEdit) {
      node.textContent = before;
    }
  };
  node.addEventListener('keydown', onKey);
  node.addEventListener('blur', onBlur);
  finish = end;
}
