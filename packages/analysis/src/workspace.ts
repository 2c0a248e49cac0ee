/**
 * Scratch arrays reused from one analysis to the next.
 *
 * A host analyses thousands of small traces per second; allocating a dozen typed arrays
 * per trace was the largest single cost in profiles (bench/analysis-engine.mjs). Buffers
 * only grow, to the next power of two, and are handed out whole, so every pass bounds
 * its loops by the trace's size, never by a buffer's length. Buffers above
 * RETAINED_CAPACITY are not kept after the analysis, so one huge trace does not pin
 * megabytes for the life of the process.
 */

const RETAINED_CAPACITY = 1 << 16;

export class Workspace {
  capacity = 0;
  // Per node.
  start = new Float64Array(0);
  end = new Float64Array(0);
  category = new Uint8Array(0);
  visited = new Uint8Array(0);
  parent = new Int32Array(0);
  depth = new Int32Array(0);
  childList = new Int32Array(0);
  order = new Int32Array(0);
  stack = new Int32Array(0);
  /** Per node plus one. */
  childOffset = new Int32Array(0);
  // Critical path frames and the children-by-end copy.
  byEnd = new Int32Array(0);
  frameNode = new Int32Array(0);
  frameNext = new Int32Array(0);
  frameCursor = new Float64Array(0);
  /** Critical-path pieces: fewer than two per node. */
  pieceNode = new Int32Array(0);
  pieceStart = new Float64Array(0);
  pieceEnd = new Float64Array(0);
  /** Per node, for a rule's own use during its run (rules run one after another). */
  members = new Int32Array(0);
  /** Span id index slots (span-id-index.ts): twice the node capacity, a power of two. */
  idSlots = new Int32Array(0);
  // Sweep events: two per node.
  eventTimes = new Float64Array(0);
  eventCodes = new Uint8Array(0);
  eventKeys = new Float64Array(0);

  /** Makes every buffer hold at least `nodes` nodes; contents are unspecified. */
  reserve(nodes: number): void {
    if (nodes <= this.capacity) return;
    let capacity = 64;
    while (capacity < nodes) capacity *= 2;
    this.capacity = capacity;
    this.start = new Float64Array(capacity);
    this.end = new Float64Array(capacity);
    this.category = new Uint8Array(capacity);
    this.visited = new Uint8Array(capacity);
    this.parent = new Int32Array(capacity);
    this.depth = new Int32Array(capacity);
    this.childList = new Int32Array(capacity);
    this.order = new Int32Array(capacity);
    this.stack = new Int32Array(capacity);
    this.childOffset = new Int32Array(capacity + 1);
    this.byEnd = new Int32Array(capacity);
    this.frameNode = new Int32Array(capacity);
    this.frameNext = new Int32Array(capacity);
    this.frameCursor = new Float64Array(capacity);
    this.pieceNode = new Int32Array(2 * capacity);
    this.pieceStart = new Float64Array(2 * capacity);
    this.pieceEnd = new Float64Array(2 * capacity);
    this.members = new Int32Array(capacity);
    this.idSlots = new Int32Array(Math.max(16, 2 * capacity));
    this.eventTimes = new Float64Array(2 * capacity);
    this.eventCodes = new Uint8Array(2 * capacity);
    this.eventKeys = new Float64Array(2 * capacity);
  }
}

let shared: Workspace | undefined = new Workspace();

/**
 * The shared workspace, or a fresh one if it is in use. The engine is synchronous, so the
 * shared one is only busy if an analysis re-enters (say, from a getter on a span record).
 */
export function acquireWorkspace(): Workspace {
  const workspace = shared ?? new Workspace();
  shared = undefined;
  return workspace;
}

export function releaseWorkspace(workspace: Workspace): void {
  if (workspace.capacity > RETAINED_CAPACITY) return;
  shared = workspace;
}
