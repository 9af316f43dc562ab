// @ts-check
// Where the editor's canvas cannot show what the exports show, and how the parity test
// (parity.test.mjs) still compares the page. Two reasons today, both images the canvas cannot
// load: a project asset by path (`assets/…`) and an asset of the project's library
// (`asset:<sha256>`). The editor has no blob store to show them from yet, so the real canvas
// shows a broken image there, sized by its alt text, and every element after it moves. For
// exactly the listed elements the test hands the canvas the fixture's file, as a store will. parityKnownDifferences.test.mjs checks that every entry names an element of
// its fixture that still has the cause its reason gives (an entry cannot outlive its cause
// unnoticed) and that every project-asset image of every fixture is listed (none is helped
// silently).

/**
 * @typedef {object} KnownDifference
 * @property {string} fixture    the fixture (tests/fixtures/<fixture>.omnios.json)
 * @property {string} element    the element's id
 * @property {'project-asset-image' | 'library-asset-image'} reason
 */

/**
 * Why each kind of entry exists.
 * @type {Record<KnownDifference['reason'], string>}
 */
export const REASONS = {
  'project-asset-image':
    'an image whose source is a project asset (assets/…): the editor has no asset store yet, so the canvas ' +
    'cannot load the file the export ships under assets/ (public/assets/ in Next.js); the test serves it to the canvas',
  'library-asset-image':
    'an image showing an asset of the project library (asset:<sha256>): the canvas has no blob store to read the file ' +
    'from yet; the exports ship it as assets/<sha256>.<ext>; the test points the canvas at the fixture file of that SHA-256',
};

/** @type {readonly KnownDifference[]} */
export const KNOWN_DIFFERENCES = [
  { fixture: 'media', element: 'm-logo', reason: 'project-asset-image' },
  { fixture: 'media', element: 'm-hero', reason: 'library-asset-image' },
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
    case 'library-asset-image': {
      const src = element.props?.src;
      return element.kind === 'image' && typeof src === 'string' && /^asset:[0-9a-f]{64}$/.test(src.trim());
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

/**
 * The library blobs (SHA-256s) the test hands the canvas for one fixture: the assets its listed
 * library-asset images show.
 * @param {string} fixture
 * @param {(id: string) => { props?: Record<string, unknown> } | undefined} elementOf
 * @returns {string[]}
 */
export function libraryBlobs(fixture, elementOf) {
  return KNOWN_DIFFERENCES.filter((d) => d.fixture === fixture && d.reason === 'library-asset-image').map((d) =>
    String(elementOf(d.element)?.props?.src ?? '')
      .trim()
      .replace(/^asset:/, ''),
  );
}
