// @ts-check
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { causeOf, parseKnownDifferences } from './knownDifferences.mjs';

test('reads entries with optional element and breakpoint lists', () => {
  const entries = parseKnownDifferences(`
# header comment
[[difference]]
fixture = "absolute/static-parent.html"  # trailing comment
elements = ["badge", 'tag']
cause = "Taffy places an absolute box against its parent: \\"why\\""

[[difference]]
fixture = 'text/long.html'
breakpoints = [
  "mobile", # the narrow frame
  "tablet",
]
cause = "line breaking"
`);
  assert.deepEqual(entries, [
    {
      fixture: 'absolute/static-parent.html',
      elements: ['badge', 'tag'],
      breakpoints: undefined,
      cause: 'Taffy places an absolute box against its parent: "why"',
      line: 3,
    },
    { fixture: 'text/long.html', elements: undefined, breakpoints: ['mobile', 'tablet'], cause: 'line breaking', line: 8 },
  ]);
  assert.equal(causeOf(entries, { fixture: 'absolute/static-parent.html', element: 'tag', breakpoint: 'base' }), entries[0]);
  assert.equal(causeOf(entries, { fixture: 'absolute/static-parent.html', element: 'other', breakpoint: 'base' }), undefined);
  assert.equal(causeOf(entries, { fixture: 'text/long.html', element: 'e4', breakpoint: 'mobile' }), entries[1]);
  assert.equal(causeOf(entries, { fixture: 'text/long.html', element: 'e4', breakpoint: 'base' }), undefined);
});

test('refuses what it does not understand instead of guessing', () => {
  /** @type {[string, RegExp][]} */
  const bad = [
    ['fixture = "a"', /expected \[\[difference\]\]/],
    ['[[difference]]\nfixture = "a"', /needs a cause/],
    ['[[difference]]\ncause = "c"', /needs a fixture/],
    ['[[difference]]\nfixture = "a"\ncause = "c"\nseverity = "high"', /unknown key/],
    ['[[difference]]\nfixture = 3\ncause = "c"', /strings or string arrays/],
    ['[[difference]]\nfixture = "a"\nfixture = "b"\ncause = "c"', /given twice/],
    ['[[difference]]\nfixture = "a"\nelements = ["x"\ncause = "c"', /arrays hold strings only/],
    ['[[difference]]\nfixture = "a"\ncause = "unterminated', /strings or string arrays/],
  ];
  for (const [text, message] of bad) {
    assert.throws(() => parseKnownDifferences(text), message, text);
  }
});
