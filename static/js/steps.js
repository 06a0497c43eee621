// The state at step k: a pure function of (trace, k), a fold over the engine's ordered list of steps.
//
// Step k (0 <= k <= steps.length) means "the first k steps have run": k = 0 shows the bare graph,
// k = steps.length shows everything. Stepping back is computing the state at k - 1, never undoing.
// (Stepping on continues the fold from the state at k - 1, which is the same fold.)
// Every number is read from the trace (a step's record, or the node it names); nothing is computed.

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

/** Key of the edge from a node's operand_index-th operand into the node. */
export const edgeKey = (target, operandIndex) => `${target}:${operandIndex}`;

/** The node that a step along an edge updates: the operand of its node at its operand_index. */
export const operandOf = (trace, step) => trace.nodes[step.node].operands[step.operand_index];

/** A step on a node that depends on no input (a constant): the player can skip these. */
export const isConstantStep = (trace, step) => step.node !== undefined && !trace.nodes[step.node].active
  && !step.seeds;

/**
 * The state at step k: for each node its primal value, tangent and adjoint as of step k (null until
 * reached); the edges reverse mode has crossed; the active step, node and edges; and, for a step that
 * adds to an adjoint, the adjoint before it.
 */
export function stateAt(trace, k) {
  const steps = trace.steps;
  const nodes = trace.nodes;
  const count = nodes.length;
  k = Math.max(0, Math.min(k, steps.length));
  // The fold of the first k steps goes on from the last state made for this trace when that is at k or
  // before it (playing, stepping on): the same numbers as folding from step 0, in one step's work.
  const last = folded.get(trace);
  if (last && last.k === k) return last;
  const from = last && last.k < k ? last : null;
  const values = from ? from.values.slice() : new Array(count).fill(null);
  const tangents = from ? from.tangents.slice() : new Array(count).fill(null);
  const adjoints = from ? from.adjoints.slice() : new Array(count).fill(null);
  const contributions = from ? from.contributions.slice() : new Array(count).fill(0);
  const crossed = from ? new Map(from.crossed) : new Map(); // edge key -> the phase that last crossed it
  let before = null;
  for (let i = from ? from.k : 0; i < k; i++) {
    const step = steps[i];
    // The fold reads what a step records, by its fields, so a new pass whose steps use these fields
    // replays with no change here: a value (evaluate), a seed tangent, a node's tangent with its terms,
    // the seeds of a reverse sweep, an update along an edge with the operand's adjoint `after`.
    if (step.kind === "evaluate") {
      values[step.node] = nodes[step.node].value;
      nodes[step.node].operands.forEach((_, index) => crossed.set(edgeKey(step.node, index), step.phase));
    } else if (step.seeds) {
      // a reverse sweep starts every adjoint at 0 (a constant has none), then seeds the outputs'
      nodes.forEach((node, id) => {
        if (node.adjoint !== null) adjoints[id] = 0;
      });
      for (const seed of step.seeds) adjoints[seed.node] = seed.adjoint;
    } else if (step.operand_index !== undefined && step.after !== undefined) {
      const operand = operandOf(trace, step);
      if (i === k - 1) before = adjoints[operand];
      adjoints[operand] = step.after;
      contributions[operand] = step.contribution_index;
      crossed.set(edgeKey(step.node, step.operand_index), step.phase);
    } else if (step.tangent !== undefined) {
      tangents[step.node] = step.tangent; // a seed: the direction's entry
    } else if (step.terms) {
      tangents[step.node] = nodes[step.node].tangent;
      for (const term of step.terms) crossed.set(edgeKey(step.node, term.operand_index), step.phase);
    } else if (step.node !== undefined && step.phase !== trace.passes[0]) {
      tangents[step.node] = nodes[step.node].tangent; // a constant: tangent 0
    }
  }
  const step = k > 0 ? steps[k - 1] : null;
  const state = {
    k, total: steps.length, step, phase: step ? step.phase : null,
    values, tangents, adjoints, contributions, crossed, before,
    ...activeParts(trace, step),
  };
  folded.set(trace, state);
  return state;
}

// The last state made for each trace (read only, as every state is: views only read it).
const folded = new WeakMap();

/** Which node is active, which node receives (reverse mode), and which edges carry the step. */
function activeParts(trace, step) {
  const none = { activeNode: null, receivingNode: null, activeEdges: [], seedNodes: [] };
  if (!step) return none;
  if (step.seeds) return { ...none, seedNodes: step.seeds.map((seed) => seed.node) };
  const node = trace.nodes[step.node];
  if (step.operand_index !== undefined && step.after !== undefined) {
    return {
      ...none, activeNode: step.node, receivingNode: operandOf(trace, step),
      activeEdges: [{ target: step.node, operandIndex: step.operand_index, phase: step.phase, amount: step.contribution }],
    };
  }
  if (step.terms) {
    return {
      ...none, activeNode: step.node,
      activeEdges: step.terms.map((term) => ({
        target: step.node, operandIndex: term.operand_index, phase: step.phase, amount: term.product,
      })),
    };
  }
  if (step.kind === "evaluate") {
    return {
      ...none, activeNode: step.node,
      activeEdges: node.operands.map((operand, index) => ({
        target: step.node, operandIndex: index, phase: step.phase, amount: trace.nodes[operand].value,
      })),
    };
  }
  return { ...none, activeNode: step.node ?? null };
}
