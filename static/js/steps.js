// The steps of a trace, and the state at step k: a pure function of (trace, steps, k).
//
// Step k (0 <= k <= steps.length) means "the first k steps have run": k = 0 shows the bare graph,
// k = steps.length shows everything. Stepping back is computing the state at k - 1, never undoing.
// Every number comes from the trace's records (value, tangent, before/after); nothing is recomputed.

export const PHASE_NAMES = {
  evaluation: "evaluation",
  forward: "forward mode",
  reverse: "reverse mode",
};

/** One list of steps: evaluation (one per node), forward mode (one per node), reverse mode (seed, then one per edge). */
export function buildSteps(trace) {
  const steps = [];
  for (const record of trace.evaluation) {
    steps.push({ phase: "evaluation", kind: "evaluate", node: record.node, value: record.value, partials: record.partials });
  }
  if (trace.forward_mode) {
    for (const record of trace.forward_mode.steps) {
      steps.push({ phase: "forward", kind: "tangent", node: record.node, tangent: record.tangent, terms: record.terms });
    }
  }
  if (trace.reverse_mode) {
    steps.push({ phase: "reverse", kind: "seed", seeds: trace.reverse_mode.seed });
    for (const record of trace.reverse_mode.steps) {
      steps.push({ phase: "reverse", kind: "adjoint", ...record });
    }
  }
  return steps;
}

/** The phases in order, each with the k range it covers: steps start..end-1, i.e. k in (start, end]. */
export function phaseRanges(steps) {
  const ranges = [];
  steps.forEach((step, index) => {
    const last = ranges[ranges.length - 1];
    if (last && last.phase === step.phase) last.end = index + 1;
    else ranges.push({ phase: step.phase, start: index, end: index + 1 });
  });
  return ranges;
}

/** The operand indices a forward-mode step's terms belong to: its active operands, in order. */
export function termOperandIndices(trace, node) {
  const indices = [];
  node.operands.forEach((operand, index) => {
    if (trace.nodes[operand].active) indices.push(index);
  });
  return indices;
}

/** Key of the edge from a node's operand_index-th operand into the node. */
export const edgeKey = (target, operandIndex) => `${target}:${operandIndex}`;

/**
 * The state at step k: for each node its primal value, tangent and adjoint as of step k (null until
 * reached); the edges reverse mode has crossed; the active step, node and edges.
 */
export function stateAt(trace, steps, k) {
  const count = trace.nodes.length;
  k = Math.max(0, Math.min(k, steps.length));
  const values = new Array(count).fill(null);
  const tangents = new Array(count).fill(null);
  const adjoints = new Array(count).fill(null);
  const contributions = new Array(count).fill(0);
  const reverseEdges = new Set();
  for (let i = 0; i < k; i++) {
    const step = steps[i];
    if (step.kind === "evaluate") values[step.node] = step.value;
    else if (step.kind === "tangent") tangents[step.node] = step.tangent;
    else if (step.kind === "seed") {
      // reverse mode starts every adjoint at 0 (constants have none), then seeds the output's
      trace.nodes.forEach((node, id) => {
        if (node.adjoint !== null) adjoints[id] = 0;
      });
      for (const seed of step.seeds) adjoints[seed.node] = seed.adjoint;
    }
    else {
      adjoints[step.operand] = step.after;
      contributions[step.operand] += 1;
      reverseEdges.add(edgeKey(step.node, step.operand_index));
    }
  }
  const step = k > 0 ? steps[k - 1] : null;
  return {
    k,
    total: steps.length,
    step,
    phase: step ? step.phase : null,
    values,
    tangents,
    adjoints,
    contributions,
    reverseEdges,
    ...activeParts(trace, step),
  };
}

/** Which node is active, which node receives (reverse mode), and which edges carry the step. */
function activeParts(trace, step) {
  if (!step) return { activeNode: null, receivingNode: null, activeEdges: [], seedNodes: [] };
  if (step.kind === "seed") {
    return { activeNode: null, receivingNode: null, activeEdges: [], seedNodes: step.seeds.map((seed) => seed.node) };
  }
  const node = trace.nodes[step.node];
  if (step.kind === "adjoint") {
    return {
      activeNode: step.node,
      receivingNode: step.operand,
      activeEdges: [{ target: step.node, operandIndex: step.operand_index, direction: "reverse", amount: step.contribution }],
      seedNodes: [],
    };
  }
  if (step.kind === "tangent") {
    const indices = termOperandIndices(trace, node);
    return {
      activeNode: step.node,
      receivingNode: null,
      activeEdges: step.terms.map((term, j) => ({
        target: step.node, operandIndex: indices[j], direction: "forward", amount: term.product,
      })),
      seedNodes: [],
    };
  }
  return {
    activeNode: step.node,
    receivingNode: null,
    activeEdges: node.operands.map((operand, index) => ({
      target: step.node, operandIndex: index, direction: "evaluation", amount: trace.nodes[operand].value,
    })),
    seedNodes: [],
  };
}
