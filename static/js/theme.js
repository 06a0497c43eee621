// Light and dark themes: "auto" follows prefers-color-scheme; the toggle picks the opposite of what is shown.

const dark = window.matchMedia("(prefers-color-scheme: dark)");

/** The theme actually shown for a state's theme setting. */
export const shownTheme = (setting) => (setting === "auto" ? (dark.matches ? "dark" : "light") : setting);

export function applyTheme(setting) {
  const root = document.documentElement;
  if (setting === "auto") delete root.dataset.theme;
  else root.dataset.theme = setting;
  const button = document.getElementById("theme-button");
  if (button) button.setAttribute("aria-label", `Switch to the ${shownTheme(setting) === "dark" ? "light" : "dark"} theme`);
}

export const nextTheme = (setting) => (shownTheme(setting) === "dark" ? "light" : "dark");

/** Whether animations should be left out (the person asked for reduced motion). */
const reduce = window.matchMedia("(prefers-reduced-motion: reduce)");
export const reducedMotion = () => reduce.matches;
