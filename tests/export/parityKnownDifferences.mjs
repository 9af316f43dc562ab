// @ts-check
// Where the canvas and the exports are allowed to differ, and why. The parity test
// (parity.test.mjs) paints each listed element's box the same flat colour in both screenshots
// before it counts differing pixels, and checks that the box itself has the same place and size
// on both sides (within 1 px): the layout is still compared, only the pixels inside are not.
// parityKnownDifferences.test.mjs checks that every entry names an element of its fixture that
// still has the property its reason gives, so an entry cannot outlive its cause unnoticed.

/**
 * @typedef {object} KnownDifference
 * @property {string} fixture    the fixture (tests/fixtures/<fixture>.omnios.json)
 * @property {string} element    the element's id
 * @property {'project-asset-image'} reason
 */

/**
 * Why each kind of entry exists.
 * @type {Record<KnownDifference['reason'], string>}
 */
export const REASONS = {
  'project-asset-image':
    'an image whose source is a project asset (assets/…): the editor has no asset store yet, so the canvas ' +
    'cannot load the file the export ships under assets/ (or public/assets/)',
};

/** @type {readonly KnownDifference[]} */
export const KNOWN_DIFFERENCES = [
  { fixture: 'media', element: 'm-logo', reason: 'project-asset-image' },
  { fixture: 'media', element: 'm-hero', reason: 'project-asset-image' },
  { fixture: 'hostile', element: 'h-img', reason: 'project-asset-image' },
];

/**
 * Whether an element (from a fixture's snapshot JSON) has the cause a reason names.
 * @param {KnownDifference['reason']} reason
 * @param {{ kind: string, props?: Record<string, unknown> }} element
 */
export function hasCause(reason, element) {
  switch (reason) {
    case 'project-asset-image': {
      const src = element.props?.src;
      return element.kind === 'image' && typeof src === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(src.trim());
    }
    default:
      return false;
  }
}

/** The entries of one fixture. @param {string} fixture */
export const knownDifferencesOf = (fixture) => KNOWN_DIFFERENCES.filter((d) => d.fixture === fixture);
