// @ts-check
// Builds DOM nodes for every page, never through innerHTML: text from the server or a writer stays text.

/**
 * @typedef {{ [Event in keyof HTMLElementEventMap as `on${Event}`]?: (event: HTMLElementEventMap[Event]) => unknown }} Listeners
 */
/**
 * What `el` takes besides the tag: `class`, `text` (the text content), `dataset`, `on<event>` listeners, the live
 * properties value / checked / selected, and attributes (true: present; false, null, undefined: left out).
 * @typedef {Listeners & { [attribute: string]: unknown, class?: string | null, text?: string | null, dataset?: Record<string, string> }} Props
 */
/** @typedef {Node | string | number | null | undefined | false} Leaf */
/** A child, or a list of them (e.g. rows from a map). */
/** @typedef {Leaf | Leaf[]} Child */

/**
 * el('a', { href, class: 'button', onclick }, 'text', child, [more children]).
 * @template {keyof HTMLElementTagNameMap} Tag
 * @param {Tag} tag
 * @param {Props | null} [props]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[Tag]}
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = String(value);
    else if (name === 'text') node.textContent = String(value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), /** @type {EventListener} */ (value));
    else if (name === 'value' || name === 'checked' || name === 'selected') Reflect.set(node, name, value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/**
 * @param {Element} node
 * @param {Child[]} children
 */
function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'number' ? String(child) : child);
  }
}

/**
 * The element with this id, of the expected kind: a page whose markup lost it fails loudly here.
 * @overload
 * @param {string} id
 * @returns {HTMLElement}
 */
/**
 * @template {HTMLElement} Kind
 * @overload
 * @param {string} id
 * @param {{ new (): Kind, prototype: Kind }} kind
 * @returns {Kind}
 */
/**
 * @param {string} id
 * @param {{ new (): HTMLElement, prototype: HTMLElement }} [kind]
 */
export function byId(id, kind = HTMLElement) {
  const node = document.getElementById(id);
  if (!(node instanceof kind)) throw new Error(`#${id}: no ${kind.name} in the page`);
  return node;
}

/**
 * The elements matching `selector` that are of the expected kind.
 * @template {Element} Kind
 * @param {string} selector
 * @param {{ new (): Kind, prototype: Kind }} kind
 * @param {ParentNode} [root]
 * @returns {Kind[]}
 */
export function all(selector, kind, root = document) {
  /** @type {Kind[]} */
  const found = [];
  for (const node of root.querySelectorAll(selector)) if (node instanceof kind) found.push(node);
  return found;
}
