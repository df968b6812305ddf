// A tiny element builder: h("button", { onclick }, "Run").
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value as EventListener);
    } else if (key === "class") {
      el.className = String(value);
    } else if (key in el && typeof value !== "string") {
      (el as unknown as Record<string, unknown>)[key] = value;
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replaces the contents of `el`. */
export function fill(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** A labelled form field. */
export function field(label: string, input: HTMLElement, hint?: string, wide = false): HTMLElement {
  return h(
    "label",
    { class: wide ? "field wide" : "field" },
    h("span", { class: "field-label" }, label),
    input,
    hint ? h("small", {}, hint) : null,
  );
}

/** Shows `details` only while `box` is ticked. */
export function shownWhileTicked(box: HTMLInputElement, details: HTMLElement): void {
  const sync = () => {
    details.hidden = !box.checked;
  };
  box.addEventListener("change", sync);
  sync();
}
