// How numbers and names are written on the page. Presentation only: nothing here computes mathematics.

const SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉";
const MINUS = "\u2212";
const BAR = "\u0304"; // combining macron: x̄, the adjoint
const DOT = "\u0307"; // combining dot above: ẋ, the tangent

/** A number with `digits` significant digits, trailing zeros dropped, a true minus sign: 7.389, −0.4618. */
export function num(x, digits = 4) {
  if (x === null || x === undefined) return "";
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : `${MINUS}∞`;
  if (x === 0) return "0";
  const magnitude = Math.abs(x);
  let text;
  if (magnitude >= 1e6 || magnitude < 1e-4) {
    const [mantissa, exponent] = x.toExponential(digits - 1).split("e");
    text = `${trimZeros(mantissa)}e${Number(exponent)}`;
  } else {
    text = String(Number(x.toPrecision(digits)));
    if (text.includes("e")) text = trimZeros(x.toPrecision(digits));
  }
  return text.replaceAll("-", MINUS);
}

function trimZeros(text) {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** The same number more precisely, for the inspector and the check panel. */
export const precise = (x) => num(x, 10);

/** A number as an operand inside a longer equation: negative numbers in parentheses. */
export function operand(x, digits = 4) {
  const text = num(x, digits);
  return text.startsWith(MINUS) ? `(${text})` : text;
}

/** v3 -> v₃ (the Wengert list's variables). Other names are left as typed. */
export function subscriptVar(name) {
  const match = /^v(\d+)$/.exec(name);
  if (!match) return name;
  return "v" + [...match[1]].map((d) => SUBSCRIPT_DIGITS[Number(d)]).join("");
}

/** The name a formula uses for a node, as the API's partial formulas do: its name, a constant's text, or v<id>. */
export function nodeName(node) {
  if (node.name) return node.name;
  if (node.op === "const") return node.label;
  return subscriptVar(node.var);
}

/**
 * A name with an accent for the adjoint ("bar") or tangent ("dot").
 * Returns {text, overline}: one letter (x, v₃) takes a combining mark; a longer name (loss) is overlined
 * (bar) or takes the dot on its last letter.
 */
export function accented(name, accent) {
  const mark = accent === "bar" ? BAR : DOT;
  if (/^[A-Za-z][₀-₉]*$/.test(name) || /^[A-Za-z]\d*$/.test(name)) {
    return { text: name[0] + mark + name.slice(1), overline: false };
  }
  if (accent === "bar") return { text: name, overline: true };
  return { text: name + mark, overline: false };
}

/** Plain-text accent, for aria labels, tables and titles: x̄, v̇₃; long names as bar(loss). */
export function accentText(name, accent) {
  const { text, overline } = accented(name, accent);
  return overline ? `${accent}(${text})` : text;
}

/** How an operator label is drawn in the graph: * as ×, - as a true minus. */
export function opSymbol(label) {
  return { "*": "×", "-": MINUS, "/": "/", "+": "+", "^": "^" }[label] ?? label;
}

// Operators are labelled by their symbol (the engine's table), functions by their name.
const TYPESET = { "*": "·", "-": MINUS };
const isOperator = (label) => !/^[\p{L}_]/u.test(label);

/** The right-hand side of a node's Wengert line from its operands' texts: "v₁ / v₃", "exp(x)", "−v₂". */
export function definition(node, operandTexts) {
  if (node.op === "input" || node.op === "const") return node.label;
  const symbol = TYPESET[node.label] ?? node.label;
  if (isOperator(node.label) && operandTexts.length === 2) return `${operandTexts[0]} ${symbol} ${operandTexts[1]}`;
  if (isOperator(node.label)) return `${symbol}${operandTexts[0]}`;
  return `${node.label}(${operandTexts.join(", ")})`;
}

/** A formula from the API (e.g. "-v1/v3^2") in page typography: true minus, subscripted variables. */
export function formula(text) {
  return text
    .replace(/\bv(\d+)\b/g, (match) => subscriptVar(match))
    .replace(/\*/g, "·")
    .replace(/-/g, MINUS);
}
