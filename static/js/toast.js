// The toast: a short message at the foot of the page that goes by itself (a link copied, an export done,
// what failed), with an optional control (the link to copy by hand).

import { debounce } from "./player.js";
import { h, qs, replace } from "./dom.js";

const hideToast = debounce(() => qs("#toast").classList.remove("is-shown"), 2600);

/** Show `message` (and `extra`, an element) for a few seconds. */
export function toast(message, extra = null) {
  const box = qs("#toast");
  replace(box, h("span", {}, message), extra);
  box.classList.add("is-shown");
  hideToast();
}
