import { DEFAULT_THRESHOLDS, resolveThresholds } from '../src/thresholds.js';

describe('thresholds', () => {
  it('defaults come from the seeds: coordination 15 %, state I/O 7 %, serialization 5 %, LLM 85 %', () => {
    expect(DEFAULT_THRESHOLDS).toMatchObject({
      coordinationHeavyRatio: 0.15,
      stateIoHeavyRatio: 0.07,
      serializationHeavyRatio: 0.05,
      llmDominantRatio: 0.85,
      nPlusOneMinCalls: 5,
      nPlusOneMaxGapMs: 10,
      fanoutMaxGapMs: 5,
      fanoutMaxGapRatio: 0.1,
      fanoutMinSavingMs: 5,
      retryStormMinErrors: 3,
      eventLoopBlockedMs: 50,
      slowOperationMs: { llm: 30000, tool: 5000, state: 500, serialization: 200 },
    });
    expect(DEFAULT_THRESHOLDS.slowOperationMs.agent).toBeUndefined();
  });

  it('resolving nothing gives the defaults', () => {
    expect(resolveThresholds()).toBe(DEFAULT_THRESHOLDS);
  });

  it('overrides replace single fields and keep the rest', () => {
    const resolved = resolveThresholds({ coordinationHeavyRatio: 0.2, slowOperationMs: { tool: 1000 } });
    expect(resolved.coordinationHeavyRatio).toBe(0.2);
    expect(resolved.stateIoHeavyRatio).toBe(0.07);
    expect(resolved.slowOperationMs).toEqual({ llm: 30000, tool: 1000, state: 500, serialization: 200 });
  });

  it('an explicit undefined budget removes that category budget', () => {
    expect(resolveThresholds({ slowOperationMs: { llm: undefined } }).slowOperationMs.llm).toBeUndefined();
  });

  it('invalid numbers fall back to the defaults instead of throwing', () => {
    const resolved = resolveThresholds({ nPlusOneMinCalls: Number.NaN, fanoutMaxGapMs: -1, slowOperationMs: { tool: Infinity } });
    expect(resolved.nPlusOneMinCalls).toBe(5);
    expect(resolved.fanoutMaxGapMs).toBe(5);
    expect(resolved.slowOperationMs.tool).toBe(5000);
  });

  it('budgets by name keep only usable numbers and are safe for any operation name', () => {
    const byName = JSON.parse('{"search": 100, "broken": null, "__proto__": 5}') as Record<string, number>;
    const resolved = resolveThresholds({ slowOperationByName: byName });
    expect(resolved.slowOperationByName?.search).toBe(100);
    expect(resolved.slowOperationByName?.['__proto__']).toBe(5);
    expect(Object.keys(resolved.slowOperationByName ?? {}).sort()).toEqual(['__proto__', 'search']);
  });
});

describe('a resolved set passed back in', () => {
  it('is returned as it is, frozen, while a partial one is resolved anew', () => {
    const partial = { nPlusOneMinCalls: 3 };
    const resolved = resolveThresholds(partial);
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(resolveThresholds(resolved)).toBe(resolved);
    expect(resolveThresholds(partial)).not.toBe(resolved);
    expect(resolveThresholds(partial)).toEqual(resolved);
    expect(resolveThresholds(DEFAULT_THRESHOLDS)).toBe(DEFAULT_THRESHOLDS);
  });
});
