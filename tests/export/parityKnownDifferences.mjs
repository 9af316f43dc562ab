// @ts-check
// Where the editor's canvas cannot show what the exports show, and how the parity test
// (parity.test.mjs) still compares the page. One reason today: an image whose source is a
// project asset. The editor has no asset store yet, so the real canvas shows a broken image
// there, sized by its alt text, and every element after it moves. For exactly the listed
// elements the test answers the canvas's request for the file with the fixture's asset, as an
// asset store will. parityKnownDifferences.test.mjs checks that every entry names an element of
// its fixture that still has the cause its reason gives (an entry cannot outlive its cause
// unnoticed) and that every project-asset image of every fixture is listed (none is helped
// silently).

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
    'cannot load the file the export ships under assets/ (public/assets/ in Next.js); the test serves it to the canvas',
};

/** @type {readonly KnownDifference[]} */
export const KNOWN_DIFFERENCES = [
  { fixture: 'media', element: 'm-logo', reason: 'project-asset-image' },
  { fixture: 'media', element: 'm-hero', reason: 'project-asset-image' },
  { fixture: 'media', element: 'm-fig-img', reason: 'project-asset-image' },
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

/**
 * The asset files (paths below assets/) the test serves to the canvas for one fixture: the
 * sources of its listed project-asset images.
 * @param {string} fixture
 * @param {(id: string) => { props?: Record<string, unknown> } | undefined} elementOf
 * @returns {string[]}
 */
export function assetFiles(fixture, elementOf) {
  return KNOWN_DIFFERENCES.filter((d) => d.fixture === fixture && d.reason === 'project-asset-image').map((d) => {
    const src = String(elementOf(d.element)?.props?.src ?? '').trim();
    return src.replace(/^\/+/, '').replace(/^assets\//, '');
  });
}
