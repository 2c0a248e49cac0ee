/** The value a label takes once its attribute has seen too many distinct values. */
export const OVERFLOW_VALUE = '_other';

/**
 * Bounds the distinct values each metric attribute may take, so that random
 * tool names or model ids cannot blow up Prometheus: the first `limit` values
 * of an attribute pass, later new ones become `_other` and are counted.
 */
export class CardinalityLimit {
  private readonly _seen = new Map<string, Set<string>>();

  constructor(
    private readonly _limit: number,
    private readonly _onOverflow: (attribute: string) => void = () => {},
  ) {}

  value(attribute: string, value: string): string {
    let seen = this._seen.get(attribute);
    if (seen === undefined) {
      seen = new Set();
      this._seen.set(attribute, seen);
    }
    if (seen.has(value)) return value;
    if (seen.size < this._limit) {
      seen.add(value);
      return value;
    }
    this._onOverflow(attribute);
    return OVERFLOW_VALUE;
  }
}
