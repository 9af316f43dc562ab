// What the document says for an export beyond layout: the HTML tag of each section and
// container, and the language and direction of the project and its pages.
import type { ContainerTag, Dir, ElementRecord, PageRecord, ProjectSettings, Tag, TextTag } from '../bridge/types';
import type { SelectOption } from './SelectField';

export const TEXT_TAGS: readonly TextTag[] = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'span'];

/** The tags a section or container can take, each with what it tells a reader or a search engine. */
export const CONTAINER_TAGS: readonly { readonly tag: ContainerTag; readonly hint: string }[] = [
  { tag: 'div', hint: 'no meaning of its own' },
  { tag: 'section', hint: 'a themed part of the page' },
  { tag: 'nav', hint: 'navigation links' },
  { tag: 'header', hint: 'intro or site header' },
  { tag: 'footer', hint: 'closing or site footer' },
  { tag: 'main', hint: 'the page’s main content, once per page' },
  { tag: 'article', hint: 'stands on its own, like a post' },
  { tag: 'aside', hint: 'related, beside the main content' },
  { tag: 'ul', hint: 'list, unordered' },
  { tag: 'ol', hint: 'list, numbered' },
  { tag: 'li', hint: 'item of a list' },
  { tag: 'blockquote', hint: 'a quotation' },
  { tag: 'figure', hint: 'image or media with a caption' },
  { tag: 'figcaption', hint: 'caption of a figure' },
];

export const DIRECTIONS: readonly { readonly dir: Dir; readonly label: string }[] = [
  { dir: 'ltr', label: 'Left to right' },
  { dir: 'rtl', label: 'Right to left' },
  { dir: 'auto', label: 'From the text' },
];

/** The tag a section or container shows as: its own, or the kind's (`section`, `div`). */
export function containerTagOf(el: Pick<ElementRecord, 'kind' | 'tag'>): ContainerTag {
  const own = CONTAINER_TAGS.find((t) => t.tag === el.tag)?.tag;
  return own ?? (el.kind === 'section' ? 'section' : 'div');
}

/** The tags an element may take and the one it has; undefined for kinds without a tag. */
export function tagChoice(el: Pick<ElementRecord, 'kind' | 'tag'>): { value: Tag; options: readonly SelectOption<Tag>[] } | undefined {
  if (el.kind === 'text') {
    return { value: el.tag ?? 'p', options: TEXT_TAGS.map((t) => ({ value: t, label: t })) };
  }
  if (el.kind === 'section' || el.kind === 'container') {
    return { value: containerTagOf(el), options: CONTAINER_TAGS.map(({ tag, hint }) => ({ value: tag, label: `${tag} — ${hint}` })) };
  }
  return undefined;
}

/** The language and direction a page renders with: its own override, else the project's. */
export function pageLanguage(project: ProjectSettings, page: Pick<PageRecord, 'lang' | 'dir'> | undefined): ProjectSettings {
  return { lang: page?.lang ?? project.lang, dir: page?.dir ?? project.dir };
}

/**
 * Whether `lang` is a well-formed BCP 47 tag, as the engine checks it (element.rs,
 * `is_language_tag`): a 2–3 or 5–8 letter language, then subtags of 1–8 letters or digits.
 */
export function isLanguageTag(lang: string): boolean {
  return lang.length <= 64 && /^([A-Za-z]{2,3}|[A-Za-z]{5,8})(-[A-Za-z0-9]{1,8})*$/.test(lang);
}
