import { safeHttpUrl } from "../format/safeUrl.ts";

/**
 * Post text from the outside world, always as a React text node: markup in it is shown, never
 * parsed. Only http(s) links become anchors.
 */
export function PostText({ text }: { text: string }) {
  return <p className="post-text">{text}</p>;
}

export function PostLink({ url, label }: { url: string | null; label: string }) {
  const href = safeHttpUrl(url);
  if (!href)
    return url ? (
      <span className="post-url" title="Link not opened: not an http(s) address">
        {url}
      </span>
    ) : null;
  return (
    <a className="post-url" href={href} target="_blank" rel="noopener noreferrer nofollow">
      {label}
    </a>
  );
}
