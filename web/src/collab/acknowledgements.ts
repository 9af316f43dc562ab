// Whether the server has every local edit. The y-websocket protocol has no acknowledgements,
// but a relay answers messages in order: a sync step 1 sent after our edits is answered (sync
// step 2) only once the server has handled them. So after sending edits the connection sends
// such a probe, and the answer acknowledges everything sent before it.

export class Acknowledgements {
  /** Local edits made so far (numbered 1, 2, …). */
  private made = 0;
  /** The last edit sent to the server (by an update message or a sync step 2). */
  private sent = 0;
  /** The last edit the server acknowledged. */
  private acknowledged = 0;
  /** For each probe on its way, the last edit sent before it (answers come in order). */
  private probes: number[] = [];

  /** A local edit was made (online or not). */
  edit(): void {
    this.made += 1;
  }

  /** Everything made so far was sent (an update message, or our sync step 2 on reconnect). */
  sentAll(): void {
    this.sent = this.made;
  }

  /** Whether a probe should go out now: something sent is unacknowledged and none is on its way. */
  wantsProbe(): boolean {
    return this.probes.length === 0 && this.acknowledged < this.sent;
  }

  /** A sync step 1 went out (a probe, or the first message of a connection). */
  probeSent(): void {
    this.probes.push(this.sent);
  }

  /** A sync step 2 arrived: the oldest probe is answered. */
  answered(): void {
    const covered = this.probes.shift();
    if (covered !== undefined) this.acknowledged = Math.max(this.acknowledged, covered);
  }

  /** The connection dropped: probes on their way will never be answered. */
  dropped(): void {
    this.probes = [];
  }

  /** Whether some local edit is not yet acknowledged by the server. */
  pending(): boolean {
    return this.acknowledged < this.made;
  }
}
