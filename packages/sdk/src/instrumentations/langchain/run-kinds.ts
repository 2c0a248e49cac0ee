/*
 * Which LangChain chain runs become spans, and as what. LangChain reports
 * every Runnable as a "chain" run: prompts, parsers, sequences, LangGraph's
 * internal writers and branches, graph nodes and the graph itself. Only the
 * ones an engineer reasons about get a span; the others are passed through
 * (their children hang under the nearest ancestor that has a span).
 *
 * LangGraph reports (as of @langchain/langgraph 1.7): the graph run with
 * serialized id ["langgraph", "pregel", <class>] and run name = the graph's
 * name ("LangGraph" unless compiled with `name`); each node run as a child of
 * it, named after the node, with metadata.langgraph_node = that name and a
 * `graph:step:<n>` tag; internal runs (`__start__`, channel writes) tagged
 * `langsmith:hidden`. A subgraph added as a node (e.g. a createReactAgent
 * worker under a supervisor) is reported as a node run with the subgraph's
 * graph run inside it: the node is the agent, the subgraph run gets no span
 * of its own, and its nodes nest in the agent.
 */
import { obj, type Obj } from './attributes.js';
import { className } from './provider.js';

export type ChainKind = 'workflow' | 'agent' | 'none';

export interface ChainRunInfo {
  kind: ChainKind;
  name: string;
  /** A LangGraph graph (Pregel) run: its slot is filled with this run's span (or its node's). */
  graph: boolean;
  /** A LangGraph node run. */
  node: boolean;
}

export interface ChainRunInput {
  serialized: unknown;
  tags: string[] | undefined;
  metadata: Obj | undefined;
  runName: string | undefined;
  /** The parent run is known to this handler (so this is not a root run). */
  hasParentRun: boolean;
  /** The parent run is a LangGraph graph. */
  parentIsGraph: boolean;
  /** The parent run is a LangGraph node. */
  parentIsNode: boolean;
  /** The caller's context has a recording span (an app span, withWorkflow…). */
  hasActiveSpan: boolean;
}

const AGENT_CLASSES = new Set(['AgentExecutor']);

function isGraph(serialized: unknown): boolean {
  const id = obj(serialized)?.id;
  return Array.isArray(id) && id[0] === 'langgraph' && id.includes('pregel');
}

export function classifyChain(run: ChainRunInput): ChainRunInfo {
  const cls = className(run.serialized);
  const name = run.runName || cls || 'chain';
  const graph = isGraph(run.serialized);
  const none: ChainRunInfo = { kind: 'none', name, graph, node: false };
  if (run.tags?.includes('langsmith:hidden') || name.startsWith('__')) return none;
  const underGraph = run.hasParentRun ? run.parentIsGraph : (run.tags ?? []).some(tag => tag.startsWith('graph:step:'));
  if (run.metadata?.langgraph_node === name && underGraph) return { kind: 'agent', name, graph, node: true };
  if (graph) return run.parentIsNode ? none : { kind: 'workflow', name, graph, node: false };
  if (cls && AGENT_CLASSES.has(cls)) return { kind: 'agent', name, graph, node: false };
  // A chain invoked with nothing around it would otherwise leave its LLM and
  // tool spans as separate traces: it becomes the workflow that holds them.
  if (!run.hasParentRun && !run.hasActiveSpan) return { kind: 'workflow', name, graph, node: false };
  return none;
}
