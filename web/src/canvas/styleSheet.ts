// The canvas's element styles as real CSS: one rule per element and slot in constructable style
// sheets, patched in place from deltas (a drag rewrites one rule's text, never the sheet).
//
// Breakpoints are container queries on the page frame (`container: omnios-frame`) with the same
// max-widths as the export's media queries: the frame is as wide as the export's viewport would
// be, so the same rules apply. Sheets are adopted in cascade order (base, tablet, mobile).
//
// Design tokens are variables on `:root` (the base sheet's first rule): a style naming a token
// reads its variable, so a token's new value restyles every element using it in one write.
import type { ElementId, ElementRecord, Slot, TokenDelta } from '../bridge/types';
import { MAX_WIDTH, SLOTS } from '../bridge/types';
import { declarations, elementSelector, parseSlot } from '../lib/styles';
import { tokenDeclarations } from '../lib/tokens';

export const FRAME_CONTAINER = 'omnios-frame';

export class CanvasStyleSheet {
  private readonly sheets: Record<'base' | 'tablet' | 'mobile', CSSStyleSheet>;
  /** The rule list each breakpoint's rules are inserted into (the sheet or its @container). */
  private readonly groups: Record<'base' | 'tablet' | 'mobile', CSSStyleSheet | CSSGroupingRule>;
  private readonly rules = new Map<string, CSSStyleRule>();
  private readonly written = new Map<string, string>();
  private readonly tokens: CSSStyleRule;

  constructor(private readonly doc: Document = document) {
    const make = (bp: 'tablet' | 'mobile'): [CSSStyleSheet, CSSGroupingRule] => {
      const sheet = new CSSStyleSheet();
      sheet.insertRule(`@container ${FRAME_CONTAINER} (max-width: ${MAX_WIDTH[bp]}px) {}`);
      return [sheet, sheet.cssRules[0] as CSSGroupingRule];
    };
    const base = new CSSStyleSheet();
    base.insertRule(':root {}', 0);
    this.tokens = base.cssRules[0] as CSSStyleRule;
    const [tablet, tabletGroup] = make('tablet');
    const [mobile, mobileGroup] = make('mobile');
    this.sheets = { base, tablet, mobile };
    this.groups = { base, tablet: tabletGroup, mobile: mobileGroup };
    this.doc.adoptedStyleSheets = [...this.doc.adoptedStyleSheets, base, tablet, mobile];
  }

  /** Writes an element's rules (only the slots whose text changed). */
  update(element: ElementRecord): void {
    const styles = element.styles;
    for (const slot of SLOTS) {
      const text = declarations(styles?.[slot]);
      const key = `${element.id} ${slot}`;
      if ((this.written.get(key) ?? '') === text) continue;
      this.written.set(key, text);
      this.ruleFor(element.id, slot).style.cssText = text;
    }
  }

  /** Defines every design token's variable (all of them: the list is short). */
  setTokens(tokens: Iterable<TokenDelta>): void {
    this.tokens.style.cssText = tokenDeclarations(tokens);
  }

  /** Empties an element's rules (the rule objects stay, so no index ever shifts). */
  remove(id: ElementId): void {
    for (const slot of SLOTS) {
      const key = `${id} ${slot}`;
      const rule = this.rules.get(key);
      if (rule !== undefined && this.written.get(key) !== '') rule.style.cssText = '';
      this.written.delete(key);
    }
  }

  private ruleFor(id: ElementId, slot: Slot): CSSStyleRule {
    const key = `${id} ${slot}`;
    let rule = this.rules.get(key);
    if (rule === undefined) {
      const { breakpoint, hover } = parseSlot(slot);
      const group = this.groups[breakpoint];
      const selector = `${elementSelector(id)}${hover ? ':hover' : ''}`;
      const index = group.insertRule(`${selector} {}`, group.cssRules.length);
      rule = group.cssRules[index] as CSSStyleRule;
      this.rules.set(key, rule);
    }
    return rule;
  }

  /** The CSS text of every rule, for tests and debugging. */
  text(): string {
    return Object.values(this.sheets)
      .map((sheet) => [...sheet.cssRules].map((r) => r.cssText).join('\n'))
      .join('\n');
  }

  dispose(): void {
    const mine = new Set<CSSStyleSheet>(Object.values(this.sheets));
    this.doc.adoptedStyleSheets = this.doc.adoptedStyleSheets.filter((s) => !mine.has(s));
  }
}
