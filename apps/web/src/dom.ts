/** Typed lookups of the page's fixed elements: a missing id is a bug in index.html, reported by name. */
export const byId = <T extends HTMLElement = HTMLElement>(id: string, kind?: { new (): T }): T => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`page: index.html has no #${id}`);
  if (kind !== undefined && !(el instanceof kind)) throw new Error(`page: #${id} is a <${el.tagName.toLowerCase()}>, expected ${kind.name}`);
  return el as T;
};
