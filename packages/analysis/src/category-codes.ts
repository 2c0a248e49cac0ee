import type { SpanCategory } from './span-record.js';

/*
 * Small integer codes for span categories, so per-span loops index typed arrays
 * instead of comparing strings. 0..4 are the work categories in the breakdown's
 * precedence order (llm > tool > state > serialization > agent); the breakdown uses
 * the code as the array index, so the order here is load-bearing.
 */

export const LLM = 0;
export const TOOL = 1;
export const STATE = 2;
export const SERIALIZATION = 3;
export const AGENT = 4;
export const WORKFLOW = 5;
export const OTHER = 6;

/** Codes below this one are work that the breakdown and parallelism count. */
export const WORK_CATEGORY_COUNT = 5;

export const CATEGORY_NAMES: readonly SpanCategory[] = [
  'llm',
  'tool',
  'state',
  'serialization',
  'agent',
  'workflow',
  'other',
];

/** Code of a category; anything unknown (bad input) is `other`, which the engine treats as transparent. */
export function categoryCode(category: string): number {
  switch (category) {
    case 'llm':
      return LLM;
    case 'tool':
      return TOOL;
    case 'state':
      return STATE;
    case 'serialization':
      return SERIALIZATION;
    case 'agent':
      return AGENT;
    case 'workflow':
      return WORKFLOW;
    default:
      return OTHER;
  }
}
