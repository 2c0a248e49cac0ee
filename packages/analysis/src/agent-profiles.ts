import { AGENT, CATEGORY_NAMES } from './category-codes.js';
import type { TraceTree } from './trace-tree.js';
import type { AgentProfile } from './types.js';

type AgentAction = AgentProfile['actions'][number];

interface AgentGroup {
  name: string;
  nodes: number[];
  actions: Map<string, AgentAction>;
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
      group = { name, nodes: [], actions: new Map() };
      groups.set(name, group);
    }
    group.nodes.push(node);
    for (let c = childOffset[node], to = childOffset[node + 1]; c < to; c++) {
      const child = childList[c];
      const childCategory = category[child];
      const childOperation = operation[child];
      // \u0000 cannot occur in either part, so the key is unambiguous.
      const key = `${childCategory}\u0000${childOperation}`;
      const action = group.actions.get(key);
      if (action === undefined) {
        group.actions.set(key, {
          category: CATEGORY_NAMES[childCategory],
          operation: childOperation,
          count: 1,
          totalNs: end[child] - start[child],
        });
      } else {
        action.count++;
        action.totalNs += end[child] - start[child];
      }
    }
  }

  const sorted = [...groups.values()];
  for (const group of sorted) group.nodes.sort((a, b) => start[a] - start[b]);
  if (sorted.length > 1) sorted.sort(compareGroups(start));

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
      actions: [...sorted[g].actions.values()].sort(compareActions),
    };
  }
  return profiles;
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
