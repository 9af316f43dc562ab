// A project's thumbnail for the home screen: the open page's boxes (from the engine's layout) as
// a small SVG, each element filled with its base background colour, text as grey lines.
import type { ElementId, ElementRecord, Rect } from '../bridge/types';

const SAFE_COLOR = /^(#[0-9a-f]{3,8}|rgba?\([\d\s.,%/]+\)|hsla?\([\d\s.,%/deg]+\)|[a-z]+)$/i;
const MAX_SHAPES = 400;

/** An SVG data URL of a page 1440 px wide, cropped to its first 900 px. */
export function thumbnailSvg(
  boxes: ReadonlyMap<ElementId, Rect>,
  elements: ReadonlyMap<ElementId, ElementRecord>,
  width = 1440,
  height = 900,
): string {
  const shapes: string[] = [];
  for (const [id, box] of boxes) {
    if (shapes.length >= MAX_SHAPES) break;
    const el = elements.get(id);
    if (el === undefined || el.hidden === true || el.kind === 'body') continue;
    if (box.y > height || box.width <= 0 || box.height <= 0) continue;
    const r = (n: number): string => n.toFixed(0);
    const bg = el.styles?.base?.['background-color'];
    if (bg !== undefined && SAFE_COLOR.test(bg.trim())) {
      shapes.push(`<rect x="${r(box.x)}" y="${r(box.y)}" width="${r(box.width)}" height="${r(box.height)}" fill="${bg.trim()}"/>`);
    } else if (el.kind === 'text' || el.kind === 'button' || el.kind === 'link') {
      shapes.push(`<rect x="${r(box.x)}" y="${r(box.y + box.height * 0.25)}" width="${r(box.width)}" height="${r(Math.max(4, box.height * 0.5))}" rx="4" fill="#9a9aa6" opacity="0.5"/>`);
    } else if (el.kind === 'image' || el.kind === 'video') {
      shapes.push(`<rect x="${r(box.x)}" y="${r(box.y)}" width="${r(box.width)}" height="${r(box.height)}" fill="#c7cbd6"/>`);
    } else {
      shapes.push(`<rect x="${r(box.x)}" y="${r(box.y)}" width="${r(box.width)}" height="${r(box.height)}" fill="none" stroke="#c7cbd6" stroke-width="2"/>`);
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}"><rect width="${width}" height="${height}" fill="#fff"/>${shapes.join('')}</svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
