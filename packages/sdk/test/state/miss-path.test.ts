import { MissPath } from '../../src/state/miss-path';

describe('MissPath: time a hit saves', () => {
  it('is 0 until a miss path was observed (unknown, not guessed)', () => {
    expect(new MissPath().savedSeconds(0)).toBe(0);
  });

  it('averages miss → set of the same key, minus the hit lookup, floored at 0', () => {
    const path = new MissPath();
    path.missed('a', 1000);
    path.missed('b', 1000);
    path.stored('a', 1100); // 100 ms
    path.stored('b', 1300); // 300 ms
    path.stored('c', 5000); // never missed: not a sample
    expect(path.savedSeconds(0)).toBeCloseTo(0.2, 10);
    expect(path.savedSeconds(50)).toBeCloseTo(0.15, 10);
    expect(path.savedSeconds(500)).toBe(0);
  });

  it('takes whole miss paths (wrap with a loader) as samples', () => {
    const path = new MissPath();
    path.sample(40);
    path.sample(60);
    path.sample(NaN);
    path.sample(-1);
    expect(path.savedSeconds(0)).toBeCloseTo(0.05, 10);
  });

  it('uses each miss once, restarts a repeated miss, and ignores a set more than 5 min later', () => {
    const path = new MissPath();
    path.missed('a', 0);
    path.missed('a', 1000); // the later miss is the one its set closes
    path.stored('a', 1010);
    path.stored('a', 9999); // already used
    expect(path.savedSeconds(0)).toBeCloseTo(0.01, 10);
    path.missed('slow', 0);
    path.stored('slow', 5 * 60_000 + 1);
    expect(path.savedSeconds(0)).toBeCloseTo(0.01, 10);
  });

  it('remembers at most 1000 pending misses, forgetting the oldest', () => {
    const path = new MissPath();
    for (let i = 0; i < 1500; i++) path.missed(`k${i}`, 0);
    expect(path.pending).toBe(1000);
    path.stored('k0', 10); // forgotten
    expect(path.savedSeconds(0)).toBe(0);
    path.stored('k1499', 10);
    expect(path.savedSeconds(0)).toBeCloseTo(0.01, 10);
  });
});
