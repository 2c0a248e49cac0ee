import type { Span } from '@opentelemetry/sdk-trace';
import type { TraceAnalysis } from '@agentmeter/analysis';

const MS = 1e6;
const round3 = (value: number) => Math.round(value * 1000) / 1000;

/**
 * Writes the analysis onto the local root span before it ends, so a trace
 * viewed in Tempo or Jaeger explains itself: breakdown per category (ms),
 * coordination ratio, the critical path (its operations, and the time they
 * contribute — the rest of the wall time is the root's own), parallelism, and one
 * `agentmeter.finding` event per finding.
 */
export function annotateRoot(root: Span, analysis: TraceAnalysis): void {
  const b = analysis.breakdown;
  const wall = analysis.wallNs;
  const { descendantNs: pathNs, names: path } = analysis.criticalPathSummary;
  root.setAttributes({
    'agentmeter.breakdown.coordination_ms': round3(b.coordination / MS),
    'agentmeter.breakdown.agent_ms': round3(b.agent / MS),
    'agentmeter.breakdown.llm_ms': round3(b.llm / MS),
    'agentmeter.breakdown.tool_ms': round3(b.tool / MS),
    'agentmeter.breakdown.state_ms': round3(b.state / MS),
    'agentmeter.breakdown.serialization_ms': round3(b.serialization / MS),
    'agentmeter.coordination.ratio': wall > 0 ? round3(b.coordination / wall) : 0,
    'agentmeter.critical_path.ms': round3(pathNs / MS),
    // a copy: the span must not change if an onTrace consumer edits the analysis
    'agentmeter.critical_path': path.slice(),
    'agentmeter.parallelism': round3(analysis.parallelism),
    'agentmeter.concurrency.peak': analysis.peakConcurrency,
    'agentmeter.findings.count': analysis.findings.length,
  });
  if (analysis.partial) root.setAttribute('agentmeter.analysis.partial', true);
  for (const finding of analysis.findings) {
    root.addEvent('agentmeter.finding', {
      'agentmeter.rule': finding.rule,
      'agentmeter.severity': finding.severity,
      'agentmeter.operation': finding.operation,
      'agentmeter.evidence': finding.evidence,
      'agentmeter.estimated_saving_ms': round3(finding.estimatedSavingMs),
    });
  }
}
