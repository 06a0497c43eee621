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
export const meta = () => request("/api/meta");
export const exportAs = (body, format) => post(`/api/export?format=${encodeURIComponent(format)}`, body, "text");
export const jacobianOf = (body) => post("/api/jacobian", body);
export const symbolicOf = (body) => post("/api/symbolic", body);
export const quizOf = (body) => post("/api/quiz", body);
export const quizCheck = (body) => post("/api/quiz/check", body);
export const dualOf = (body) => post("/api/dual", body);
export const hvpOf = (body) => post("/api/hvp", body);
