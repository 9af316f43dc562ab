// What the insert panel adds: element kinds with sensible default styles, so a new element is
// visible and useful at once (a section has padding, a heading has text).
import type { IconName } from './Icon';
import { CONTAINER_KINDS, TEXT_KINDS, type Command, type ElementId, type ElementKind, type Slot, type StyleValue, type TextTag } from '../bridge/types';

export interface Preset {
  readonly id: string;
  readonly label: string;
  readonly group: 'Layout' | 'Typography' | 'Basic' | 'Media' | 'Forms';
  readonly kind: ElementKind;
  readonly name: string;
  readonly tag?: TextTag;
  readonly content?: string;
  readonly props?: Readonly<Record<string, string>>;
  readonly styles: Readonly<Record<string, StyleValue>>;
  readonly icon: IconName;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'section', label: 'Section', group: 'Layout', kind: 'section', name: 'Section', icon: 'section',
    styles: { 'padding-top': '80px', 'padding-bottom': '80px', 'padding-left': '64px', 'padding-right': '64px', 'min-height': '160px' },
  },
  {
    id: 'container', label: 'Container', group: 'Layout', kind: 'container', name: 'Container', icon: 'container',
    styles: { 'min-height': '80px', 'padding-top': '16px', 'padding-bottom': '16px', 'padding-left': '16px', 'padding-right': '16px' },
  },
  {
    id: 'row', label: 'Flex row', group: 'Layout', kind: 'container', name: 'Row', icon: 'row',
    styles: { display: 'flex', 'flex-direction': 'row', 'align-items': 'center', gap: '16px', 'min-height': '48px' },
  },
  {
    id: 'column', label: 'Flex column', group: 'Layout', kind: 'container', name: 'Column', icon: 'column',
    styles: { display: 'flex', 'flex-direction': 'column', gap: '16px', 'min-height': '48px' },
  },
  {
    id: 'grid', label: 'Grid', group: 'Layout', kind: 'container', name: 'Grid', icon: 'grid',
    styles: { display: 'grid', 'grid-template-columns': '1fr 1fr', gap: '16px', 'min-height': '80px' },
  },
  {
    id: 'heading', label: 'Heading', group: 'Typography', kind: 'text', tag: 'h1', name: 'Heading', content: 'Heading', icon: 'heading',
    styles: { 'font-size': '48px', 'font-weight': '700', 'line-height': '1.2', color: '#111827' },
  },
  {
    id: 'paragraph', label: 'Paragraph', group: 'Typography', kind: 'text', tag: 'p', name: 'Paragraph', icon: 'paragraph',
    content: 'Write something your visitors will want to read.',
    styles: { 'font-size': '18px', 'line-height': '1.5', color: '#4b5563' },
  },
  {
    id: 'link', label: 'Text link', group: 'Typography', kind: 'link', name: 'Link', content: 'Link', icon: 'link',
    props: { href: '#' }, styles: { color: '#2563eb', 'text-decoration': 'underline' },
  },
  {
    id: 'button', label: 'Button', group: 'Basic', kind: 'button', name: 'Button', content: 'Button', icon: 'button',
    styles: {
      'padding-top': '12px', 'padding-bottom': '12px', 'padding-left': '24px', 'padding-right': '24px',
      'background-color': '#2563eb', color: '#ffffff', 'border-radius': '8px', 'font-weight': '600',
    },
  },
  {
    id: 'image', label: 'Image', group: 'Media', kind: 'image', name: 'Image', icon: 'image',
    props: { alt: '' }, styles: { width: '480px', height: '320px', 'object-fit': 'cover', 'background-color': '#e5e7eb' },
  },
  {
    id: 'video', label: 'Video', group: 'Media', kind: 'video', name: 'Video', icon: 'video',
    styles: { width: '480px', height: '270px', 'background-color': '#111827' },
  },
  {
    id: 'input', label: 'Input', group: 'Forms', kind: 'input', name: 'Input', icon: 'input',
    props: { placeholder: 'Your email' },
    styles: {
      width: '240px', 'padding-top': '10px', 'padding-bottom': '10px', 'padding-left': '12px', 'padding-right': '12px',
      'border-top-width': '1px', 'border-right-width': '1px', 'border-bottom-width': '1px', 'border-left-width': '1px',
      'border-style': 'solid', 'border-color': '#d1d5db', 'border-radius': '6px',
    },
  },
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** Kinds that hold child elements (the engine's `ElementKind::holds_children`, generated). */
export function holdsChildren(kind: ElementKind): boolean {
  return CONTAINER_KINDS.includes(kind);
}

/** Kinds whose content is text shown inside them (the engine's `ElementKind::has_text`, generated). */
export function hasText(kind: ElementKind): boolean {
  return TEXT_KINDS.includes(kind);
}

/** The create command for a preset; its styles go to the base slot. */
export function createCommand(preset: Preset, parent: ElementId, index?: number, slot: Slot = 'base'): Command {
  return {
    type: 'create_element',
    kind: preset.kind,
    parent,
    ...(index !== undefined ? { index } : {}),
    name: preset.name,
    ...(preset.tag !== undefined ? { tag: preset.tag } : {}),
    ...(preset.content !== undefined ? { content: preset.content } : {}),
    ...(preset.props !== undefined ? { props: { ...preset.props } } : {}),
    styles: { [slot]: { ...preset.styles } },
  };
}
