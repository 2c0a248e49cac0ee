import { analyzeTrace } from '../src/analyze-trace.js';
import { SpanIdIndex, tableSize } from '../src/span-id-index.js';
import type { SpanRecord } from '../src/span-record.js';
import { root, span } from './span-builder.js';

const records = (ids: string[]): SpanRecord[] => ids.map((spanId) => ({ spanId, name: spanId, category: 'tool', start: 0, end: 1 }));

function indexAll(list: SpanRecord[]): SpanIdIndex {
  const index = new SpanIdIndex(new Int32Array(tableSize(list.length)), list, list.length);
  list.forEach((_, node) => index.add(node));
  return index;
}

describe('SpanIdIndex', () => {
  it('finds every id it holds and no other, for OTel-shaped ids', () => {
    const ids = Array.from({ length: 3000 }, (_, k) => (k * 0x9e3779b1 + 12345).toString(16).padStart(16, '0'));
    const list = records(ids);
    const index = indexAll(list);
    ids.forEach((id, node) => expect(index.get(id)).toBe(node));
    expect(index.get('ffffffffffffffff')).toBe(-1);
    expect(index.get('')).toBe(-1);
    expect(index.usesMap).toBe(false);
  });

  it('ids that collide in their last characters move it to a Map, still exact', () => {
    // same length, same last 8 characters: every id hashes alike
    const ids = Array.from({ length: 5000 }, (_, k) => `${String(k).padStart(8, '0')}deadbeef`);
    const list = records(ids);
    const index = indexAll(list);
    expect(index.usesMap).toBe(true);
    ids.forEach((id, node) => expect(index.get(id)).toBe(node));
    expect(index.get('99999999deadbeef')).toBe(-1);
  });

  it('the analysis of a trace with colliding ids is that of the same trace with ordinary ids', () => {
    const trace = (id: (k: number) => string): SpanRecord[] => [
      { ...root(1000), spanId: id(0) },
      ...Array.from({ length: 400 }, (_, k) => ({ ...span(id(k + 1), id(k % 7), 'tool', k, k + 5), name: 'execute_tool', operation: `op${k % 3}` })),
    ];
    const plain = analyzeTrace(trace((k) => `s${k}`));
    const colliding = analyzeTrace(trace((k) => `${String(k).padStart(6, '0')}-same-tail`));
    const strip = (a: typeof plain) => ({ ...a, rootSpanId: '', criticalPath: a.criticalPath.map((s) => ({ ...s, spanId: '' })), findings: a.findings.map((f) => ({ ...f, spanIds: [] })) });
    expect(strip(colliding)).toEqual(strip(plain));
    expect(colliding.spanCount).toBe(401);
    expect(colliding.warnings.orphans).toBe(0);
  });
});

describe('SpanIdIndex with bad ids', () => {
  it('indexes non-string ids (bad input) without converting them', () => {
    const hostile = { toString: () => { throw new Error('no'); } };
    const ids = [hostile, 7, undefined, 'a', ...Array.from({ length: 100 }, (_, k) => k + 1000)] as unknown as string[];
    const list = records(ids);
    const index = indexAll(list);
    ids.forEach((id, node) => expect(index.get(id)).toBe(node));
    expect(index.get('7')).toBe(-1);
  });
});
