import { describe, expect, it } from 'vitest';
import { Acknowledgements } from './acknowledgements';

describe('Acknowledgements', () => {
  it('acknowledges edits sent before an answered probe, not those after it', () => {
    const acks = new Acknowledgements();
    acks.probeSent(); // the connection's first sync step 1
    acks.edit();
    acks.sentAll();
    expect(acks.pending()).toBe(true);
    expect(acks.wantsProbe()).toBe(false); // one is on its way
    acks.answered(); // answers the first message, sent before the edit
    expect(acks.pending()).toBe(true);
    expect(acks.wantsProbe()).toBe(true);
    acks.probeSent();
    acks.edit();
    acks.sentAll();
    acks.answered();
    expect(acks.pending()).toBe(true); // the second edit went after the probe
    acks.probeSent();
    acks.answered();
    expect(acks.pending()).toBe(false);
    expect(acks.wantsProbe()).toBe(false);
  });

  it('keeps offline edits pending across a drop until a probe after the resend is answered', () => {
    const acks = new Acknowledgements();
    acks.probeSent();
    acks.dropped();
    acks.edit();
    acks.edit();
    expect(acks.pending()).toBe(true);
    expect(acks.wantsProbe()).toBe(false); // nothing was sent yet
    acks.probeSent(); // reconnected: our sync step 1
    acks.sentAll(); // our sync step 2 answering the server's
    acks.answered(); // the answer to the step 1 sent before the resend
    expect(acks.pending()).toBe(true);
    acks.probeSent();
    acks.answered();
    expect(acks.pending()).toBe(false);
  });
});
