// Traces for the page's logic tests, made by the engine (tests/js/conftest: the runner writes them).
import { readFileSync } from "node:fs";

export const traces = JSON.parse(readFileSync(process.env.CHAINRULE_TRACES, "utf8"));
export const meta = JSON.parse(readFileSync(process.env.CHAINRULE_META, "utf8"));
export const lecture = JSON.parse(readFileSync(process.env.CHAINRULE_LECTURE, "utf8"));
