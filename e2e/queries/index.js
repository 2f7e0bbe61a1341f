// The bundle's entry: the query engine, and the locator chooser built on it.
export * from "./engine.js";
export { choose, findAllBy } from "./chooser.js";
