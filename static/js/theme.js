// Light and dark themes: "auto" follows prefers-color-scheme; the toggle picks the opposite of what is shown.

const dark = window.matchMedia("(prefers-color-scheme: dark)");

/** The theme actually shown for a state's theme setting. */
export const shownTheme = (setting) => (setting === "auto" ? (dark.matches ? "dark" : "light") : setting);

let current = "auto";
// "auto" follows the system as it changes (e.g. a laptop switching to dark mode at dusk).
dark.addEventListener("change", () => current === "auto" && applyTheme("auto"));

/** Show a theme setting: data-theme always names the theme shown, so the CSS has one dark palette. */
export function applyTheme(setting) {
  current = setting;
  document.documentElement.dataset.theme = shownTheme(setting);
  const button = document.getElementById("theme-button");
  if (button) button.setAttribute("aria-label", `Switch to the ${shownTheme(setting) === "dark" ? "light" : "dark"} theme`);
}

export const nextTheme = (setting) => (shownTheme(setting) === "dark" ? "light" : "dark");

/** Whether animations should be left out (the person asked for reduced motion). */
const reduce = window.matchMedia("(prefers-reduced-motion: reduce)");
export const reducedMotion = () => reduce.matches;
