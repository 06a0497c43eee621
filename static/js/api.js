// Fetch wrappers for the REST API. Every function resolves to JSON (or text) or throws an ApiError.

/** An error the API reported: kind, message, and where in the source (0-based position and [start, end) span). */
export class ApiError extends Error {
  constructor({ kind = "internal", message = "the request failed", position = null, span = null, inputs = null } = {},
              status = 0) {
    super(message);
    this.kind = kind;
    this.position = position;
    this.span = span;
    this.inputs = inputs; // missing_input: every input of the expression, in order
    this.status = status;
  }
}

async function errorFrom(response) {
  let detail = null;
  try {
    detail = (await response.json()).detail;
  } catch {
    // not JSON: fall through to the status line
  }
  if (detail && typeof detail === "object" && !Array.isArray(detail)) return new ApiError(detail, response.status);
  if (Array.isArray(detail) && detail.length) {
    // FastAPI's validation error (422): a list of {loc, msg}
    const first = detail[0];
    return new ApiError({ kind: "validation", message: `${(first.loc || []).join(".")}: ${first.msg}` }, response.status);
  }
  return new ApiError({ kind: "internal", message: `the server answered ${response.status} ${response.statusText}` }, response.status);
}

async function request(path, options = {}, as = "json") {
  let response;
  try {
    response = await fetch(path, options);
  } catch (error) {
    throw new ApiError({ kind: "network", message: `cannot reach the server (${error.message})` });
  }
  if (!response.ok) throw await errorFrom(response);
  return as === "json" ? response.json() : response.text();
}

const post = (path, body, as = "json") =>
  request(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }, as);

export const traceOf = (body) => post("/api/trace", body);
export const checkOf = (body) => post("/api/check", body);
export const examples = () => request("/api/examples");
export const ops = () => request("/api/ops");
export const exportAs = (body, format) => post(`/api/export?format=${encodeURIComponent(format)}`, body, "text");

/**
 * Trace `body`, filling in inputs the expression needs but `body.inputs` lacks. A missing_input error
 * lists every input of the expression; each missing one gets its remembered value (or 1) and the
 * request is retried once. Inputs the expression no longer has are dropped first (so no unknown_input).
 */
export async function traceWithDefaults(body, remembered = {}) {
  let inputs = { ...body.inputs };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await traceOf({ ...body, inputs, seed: pick(body.seed, inputs) });
    } catch (error) {
      if (error.kind === "missing_input" && Array.isArray(error.inputs) && attempt === 0) {
        inputs = Object.fromEntries(error.inputs.map((name) => [
          name, name in inputs ? inputs[name] : name in remembered ? remembered[name] : 1]));
      } else if (error.kind === "unknown_input" && Object.keys(inputs).length) {
        inputs = {};
      } else {
        throw error;
      }
    }
  }
  throw new ApiError({ kind: "internal", message: "the expression's inputs could not be filled in" });
}

/** The seed restricted to inputs the request has (a seed naming a dropped input would be an error). */
function pick(seed, inputs) {
  if (!seed) return undefined;
  const kept = Object.fromEntries(Object.entries(seed).filter(([name]) => name in inputs));
  return Object.keys(kept).length ? kept : undefined;
}
