import { insertionSort } from './sort-range.js';
import { AGENT, CATEGORY_NAMES } from './category-codes.js';
import type { TraceTree } from './trace-tree.js';
import type { AgentProfile } from './types.js';

type AgentAction = AgentProfile['actions'][number];

interface AgentGroup {
  name: string;
  nodes: number[];
  actions: AgentAction[];
  /** Index by `category operation`, built only once an agent has many distinct actions. */
  index?: Map<string, AgentAction>;
}

/** Below this many distinct actions a linear scan beats building string keys for a map. */
const LINEAR_SCAN_LIMIT = 16;

function addAction(group: AgentGroup, category: AgentAction['category'], operation: string, durationNs: number): void {
  let action: AgentAction | undefined;
  if (group.index === undefined) {
    for (const candidate of group.actions) {
      if (candidate.operation === operation && candidate.category === category) {
        action = candidate;
        break;
      }
    }
  } else {
    action = group.index.get(`${category} ${operation}`);
  }
  if (action !== undefined) {
    action.count++;
    action.totalNs += durationNs;
    return;
  }
  action = { category, operation, count: 1, totalNs: durationNs };
  group.actions.push(action);
  if (group.index !== undefined) {
    group.index.set(`${category} ${operation}`, action);
  } else if (group.actions.length > LINEAR_SCAN_LIMIT) {
    // Categories have no spaces, so `category operation` is unambiguous.
    group.index = new Map(group.actions.map((known) => [`${known.category} ${known.operation}`, known]));
  }
}

/**
 * Per agent name: busy time as the union of its invocations' clamped intervals (so
 * overlapping or recursive invocations are not double counted), its share of the wall
 * time, and what its invocations did directly (children by category and operation).
 * Agents come in order of their first start, so a profile reads like the run.
 */
export function computeAgentProfiles(tree: TraceTree, wallNs: number): AgentProfile[] {
  const { size, preorder, category, records, operation, start, end, childOffset, childList } = tree;
  const groups = new Map<string, AgentGroup>();
  for (let k = 0; k < size; k++) {
    const node = preorder[k];
    if (category[node] !== AGENT) continue;
    const name = records[node].agent ?? operation[node];
    let group = groups.get(name);
    if (group === undefined) {
      group = { name, nodes: [], actions: [] };
      groups.set(name, group);
    }
    group.nodes.push(node);
    for (let c = childOffset[node], to = childOffset[node + 1]; c < to; c++) {
      addAction(group, CATEGORY_NAMES[category[childList[c]]], operation[childList[c]], end[childList[c]] - start[childList[c]]);
    }
  }

  const sorted = [...groups.values()];
  // Each group's nodes are in pre-order, which is start order for one agent's own invocations
  // unless they overlap; a stable sort by start makes it exact either way.
  for (const group of sorted) smallSort(group.nodes, (a, b) => start[a] - start[b]);
  smallSort(sorted, compareGroups(start));

  const profiles: AgentProfile[] = new Array<AgentProfile>(sorted.length);
  for (let g = 0; g < sorted.length; g++) {
    const nodes = sorted[g].nodes;
    let busyNs = 0;
    let runStart = start[nodes[0]];
    let runEnd = end[nodes[0]];
    for (let k = 1; k < nodes.length; k++) {
      const node = nodes[k];
      if (start[node] > runEnd) {
        busyNs += runEnd - runStart;
        runStart = start[node];
        runEnd = end[node];
      } else if (end[node] > runEnd) {
        runEnd = end[node];
      }
    }
    busyNs += runEnd - runStart;
    profiles[g] = {
      name: sorted[g].name,
      busyNs,
      share: wallNs > 0 ? busyNs / wallNs : 0,
      invocations: nodes.length,
      actions: smallSort(sorted[g].actions, compareActions),
    };
  }
  return profiles;
}

/**
 * Array#sort, with a stable insertion sort for the handful of agents and actions a trace
 * usually has (Array#sort's setup costs more than sorting them: bench/analysis-engine.mjs).
 */
function smallSort<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  if (items.length > 12) return items.sort(compare);
  insertionSort(items, 0, items.length, compare);
  return items;
}

function compareGroups(start: Float64Array): (a: AgentGroup, b: AgentGroup) => number {
  return (a, b) => start[a.nodes[0]] - start[b.nodes[0]] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

function compareActions(a: AgentAction, b: AgentAction): number {
  if (a.totalNs !== b.totalNs) return b.totalNs - a.totalNs;
  if (a.count !== b.count) return b.count - a.count;
  if (a.category !== b.category) return a.category < b.category ? -1 : 1;
  return a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0;
}
