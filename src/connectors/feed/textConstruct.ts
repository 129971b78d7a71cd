/** Turning the text parts of XML feeds (plain, escaped HTML, inline XHTML) into plain text. */
import { collapseWhitespace, htmlToText, isBlockElement, isSkippedElement } from "./htmlText.ts";
import { deepText, type XmlElement } from "./xml.ts";

/** Text of an element holding escaped HTML (RSS descriptions, Atom `type="html"`). */
export function htmlElementText(el: XmlElement | undefined): string | undefined {
  if (!el) return undefined;
  const text = htmlToText(el.text);
  return text || undefined;
}

/** Text of inline XHTML: the markup is already elements, so only script and style are dropped. */
export function xhtmlText(el: XmlElement): string | undefined {
  const text = collapseWhitespace(
    deepText(el, (e) => (isSkippedElement(e.local) ? "skip" : isBlockElement(e.local) ? "block" : "inline")),
  );
  return text || undefined;
}

/** An Atom text construct (title, summary, content, rights) by its `type`. */
export function atomText(el: XmlElement | undefined): string | undefined {
  if (!el) return undefined;
  const type = (el.attrs.type ?? "text").toLowerCase();
  if (type === "xhtml") return xhtmlText(el);
  if (type === "html" || type === "text/html") return htmlElementText(el);
  if (type === "text" || type === "text/plain") return collapseWhitespace(el.text) || undefined;
  // Other media types (base64 images, XML payloads) carry no readable text.
  if (type.startsWith("text/")) return collapseWhitespace(el.text) || undefined;
  return undefined;
}
