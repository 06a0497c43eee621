// Keyboard shortcuts for presenting: Space play/pause, ←/→ step, Home/End, +/− speed, F full screen,
// P presentation mode, D its panels, PageDown/PageUp (a clicker) step, T theme, 0 fit, / find a node,
// G collapse or expand all groups, L the lecture, ? the list. Keys typed into a field stay in the field.

const TYPING = new Set(["TEXTAREA", "SELECT"]);

function isTyping(target) {
  if (!(target instanceof Element)) return false;
  if (TYPING.has(target.tagName) || target.isContentEditable) return true;
  return target.tagName === "INPUT" && target.type !== "radio" && target.type !== "checkbox";
}

// What a key still does while the lecture view is open.
const OVER_THE_LECTURE = new Set(["lecture", "escape", "help", "theme", "present", "fullScreen"]);

/** actions: {toggle, forward, back, toStart, toEnd, faster, slower, fullScreen, present, panels, theme, fit, search, groups, help, lecture, escape} */
export function bindShortcuts(actions) {
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target)) return;
    if (document.querySelector("dialog[open]") && event.key !== "?") return;
    const onButton = event.target instanceof Element && event.target.closest("button, summary, a");
    const key = event.key;
    const action = {
      " ": onButton ? null : "toggle", // Space on a focused button presses that button
      ArrowRight: "forward",
      ArrowLeft: "back",
      PageDown: "forward",
      PageUp: "back",
      d: "panels",
      D: "panels",
      Home: "toStart",
      End: "toEnd",
      "+": "faster",
      "=": "faster",
      "-": "slower",
      _: "slower",
      f: "fullScreen",
      F: "fullScreen",
      p: "present",
      P: "present",
      t: "theme",
      T: "theme",
      0: "fit",
      "/": "search",
      g: "groups",
      G: "groups",
      "?": "help",
      l: "lecture",
      L: "lecture",
      Escape: "escape",
    }[key];
    if (!action || !actions[action]) return;
    if (key === "Escape" && document.querySelector("dialog[open]")) return;
    // the lecture view covers the graph: the keys that move the player or the view would move them unseen
    if (!OVER_THE_LECTURE.has(action) && document.querySelector("[data-testid=lecture]:not([hidden])")) return;
    event.preventDefault();
    actions[action]();
  });
}

/** Full screen on the whole page, or back: the graph gets the room, the chrome keeps its size. */
export function toggleFullScreen() {
  if (document.fullscreenElement) document.exitFullscreen?.();
  else document.documentElement.requestFullscreen?.().catch(() => {});
}
