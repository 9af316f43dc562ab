import { describe, expect, it } from 'vitest';
import type { ElementRecord, PageRecord } from '../../bridge/types';
import { renamePageCommands } from './renamePage';

const page = (id: string, name: string, slug: string, title = ''): PageRecord =>
  ({ id, name, slug, title, description: '', order: 'a0', root: `${id}-body` }) as PageRecord;
const link = (id: string, href: string): ElementRecord => ({ id, kind: 'link', props: { href } }) as unknown as ElementRecord;

describe('renaming a page', () => {
  const home = page('p0', 'Home', '');
  const about = page('p1', 'About', 'about');
  const team = page('p2', 'Team', 'team');

  it('moves the slug and the SEO title along with the name, and the links to the page', () => {
    const commands = renamePageCommands(about, 'About us', [home, about, team], [link('l1', '/about#team'), link('l2', '/team'), link('l3', 'https://x.example/about')]);
    expect(commands).toEqual([
      { type: 'rename_page', id: 'p1', name: 'About us' },
      { type: 'update_page', id: 'p1', slug: 'about-us', title: 'About us' },
      { type: 'update_props', id: 'l1', set: { href: '/about-us#team' } },
    ]);
  });

  it('keeps a slug or a title set by hand, and the home page’s empty slug', () => {
    expect(renamePageCommands(page('p1', 'About', 'company', 'Who we are'), 'About us', [home], [])).toEqual([{ type: 'rename_page', id: 'p1', name: 'About us' }]);
    expect(renamePageCommands(home, 'Start', [home, about], [])).toEqual([
      { type: 'rename_page', id: 'p0', name: 'Start' },
      { type: 'update_page', id: 'p0', title: 'Start' },
    ]);
  });

  it('picks a free slug when another page has it, and does nothing for an empty or unchanged name', () => {
    const commands = renamePageCommands(about, 'Team', [home, about, team], []);
    expect(commands[1]).toEqual({ type: 'update_page', id: 'p1', slug: 'team-2', title: 'Team' });
    // A numbered slug still follows the name.
    expect(renamePageCommands(page('p3', 'Team', 'team-2'), 'Crew', [home, team], [])[1]).toMatchObject({ slug: 'crew' });
    expect(renamePageCommands(about, '  ', [about], [])).toEqual([]);
    expect(renamePageCommands(about, 'About', [about], [])).toEqual([]);
  });
});
