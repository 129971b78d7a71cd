/**
 * A feed's XML read into a small tree. saxes checks well-formedness strictly and knows only XML's
 * five predefined entities and character references: a DOCTYPE is passed over, never processed,
 * so no external entity is fetched (XXE) and no internal one expands (billion laughs); a document
 * that uses an entity it declares is malformed. Depth and element count are capped as well.
 */
import { SaxesParser } from "saxes";

export interface XmlElement {
  /** Namespace URI ("" when none). */
  uri: string;
  local: string;
  /** Attributes by local name; namespaced ones (other than xml:) by `{uri}local`. */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text and CDATA, in order (not its children's). */
  text: string;
  /** Text and child elements in document order. */
  parts: (string | XmlElement)[];
  /** Where the element starts and ends in the parsed text (end exclusive). */
  start: number;
  end: number;
}

export class XmlMalformed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XmlMalformed";
  }
}

export const XML_LIMITS = { depth: 64, elements: 500_000 } as const;

export function parseXml(text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let elements = 0;
  let failure: string | undefined;
  const fail = (message: string) => {
    failure ??= message;
  };
  parser.on("error", (err) => fail(err.message));
  let tagStart = 0;
  parser.on("opentagstart", () => {
    tagStart = text.lastIndexOf("<", parser.position - 1);
  });
  parser.on("opentag", (tag) => {
    if (failure) return;
    if (++elements > XML_LIMITS.elements) return fail(`more than ${XML_LIMITS.elements} elements`);
    if (stack.length >= XML_LIMITS.depth) return fail(`nested deeper than ${XML_LIMITS.depth}`);
    const attrs: Record<string, string> = {};
    for (const attr of Object.values(tag.attributes)) {
      const { uri, local, value, prefix } = attr as {
        uri: string;
        local: string;
        value: string;
        prefix: string;
      };
      if (prefix === "xmlns" || (!prefix && local === "xmlns")) continue;
      attrs[!uri || prefix === "xml" ? local : `{${uri}}${local}`] = value;
    }
    const element: XmlElement = {
      uri: tag.uri ?? "",
      local: tag.local ?? tag.name,
      attrs,
      children: [],
      text: "",
      parts: [],
      start: tagStart,
      end: tagStart,
    };
    const parent = stack.at(-1);
    if (parent) {
      parent.children.push(element);
      parent.parts.push(element);
    } else root = element;
    stack.push(element);
  });
  const onText = (value: string) => {
    const current = stack.at(-1);
    if (!current || failure) return;
    current.text += value;
    current.parts.push(value);
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", () => {
    const done = stack.pop();
    if (done) done.end = parser.position;
  });
  try {
    parser.write(text).close();
  } catch (err) {
    fail((err as Error).message);
  }
  if (failure) throw new XmlMalformed(failure.replace(/\s+/g, " ").slice(0, 300));
  if (!root) throw new XmlMalformed("the document has no root element");
  return root;
}

export function child(el: XmlElement | undefined, uri: string, local: string): XmlElement | undefined {
  return el?.children.find((c) => c.local === local && c.uri === uri);
}

export function childrenNamed(el: XmlElement | undefined, uri: string, local: string): XmlElement[] {
  return el ? el.children.filter((c) => c.local === local && c.uri === uri) : [];
}

/** Trimmed text of the first child so named, or undefined when absent or empty. */
export function childText(el: XmlElement | undefined, uri: string, local: string): string | undefined {
  const found = child(el, uri, local);
  const value = found?.text.trim();
  return value ? value : undefined;
}

/** Every text below an element, skipping elements `skip` names (script and style in XHTML). */
export function deepText(el: XmlElement, onElement?: (e: XmlElement) => "skip" | "block" | "inline"): string {
  let out = "";
  const walk = (node: XmlElement) => {
    for (const part of node.parts) {
      if (typeof part === "string") out += part;
      else {
        const how = onElement?.(part) ?? "inline";
        if (how === "skip") continue;
        if (how === "block") out += "\n";
        walk(part);
        if (how === "block") out += "\n";
      }
    }
  };
  walk(el);
  return out;
}

/** The element's own text as it was written in the document, cut at `maxChars`. */
export function sourceOf(el: XmlElement, document: string, maxChars = 65_536): string {
  return document.slice(el.start, Math.min(el.end, el.start + maxChars));
}
