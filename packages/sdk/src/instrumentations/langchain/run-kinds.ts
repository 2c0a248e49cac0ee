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
 * `langsmith:hidden`.
 */
import { className, obj, type Obj } from './attributes.js';

export type ChainKind = 'workflow' | 'agent' | 'none';

export interface ChainRunInfo {
  kind: ChainKind;
  name: string;
  /** A LangGraph graph (Pregel) run: its slot is filled with this run's span. */
  graph: boolean;
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
  if (run.tags?.includes('langsmith:hidden') || name.startsWith('__')) return { kind: 'none', name, graph };
  const node = run.metadata?.langgraph_node;
  const underGraph = run.hasParentRun ? run.parentIsGraph : (run.tags ?? []).some(tag => tag.startsWith('graph:step:'));
  // A node — also a subgraph used as a node, e.g. a prebuilt agent under a supervisor — is an agent.
  if (node === name && underGraph) return { kind: 'agent', name, graph };
  if (graph) return { kind: 'workflow', name, graph };
  if (cls && AGENT_CLASSES.has(cls)) return { kind: 'agent', name, graph };
  // A chain invoked with nothing around it would otherwise leave its LLM and
  // tool spans as separate traces: it becomes the workflow that holds them.
  if (!run.hasParentRun && !run.hasActiveSpan) return { kind: 'workflow', name, graph };
  return { kind: 'none', name, graph };
}

/**
 * LangGraph signals interrupts and `Command({ graph: PARENT })` hand-offs by
 * throwing a GraphBubbleUp (is_bubble_up === true): control flow, not a failure.
 */
export function isBubbleUp(error: unknown): boolean {
  return obj(error)?.is_bubble_up === true;
}
