// How numbers are written on the page. Presentation only: nothing here computes mathematics, and every
// name and formula comes from the engine's notation (see tex.js and notation.js).

const MINUS = "\u2212";

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

/**
 * A point, "a = 1, b = 2", from [name, formatted value] pairs: at most `most` named, then "…", with the
 * number of inputs unless the text around it says it (`counted`: false).
 */
export function pointText(pairs, { most = 8, counted = true } = {}) {
  const shown = pairs.slice(0, most).map(([name, value]) => `${name} = ${value}`);
  if (pairs.length > most) shown.push(counted ? `… (${pairs.length} inputs)` : "…");
  return shown.join(", ");
}
