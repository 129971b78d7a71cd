import { describe, expect, it } from "vitest";
import { collapseWhitespace, decodeReferences, htmlToText } from "./htmlText.ts";

describe("htmlToText", () => {
  it("drops tags and keeps the words", () => {
    expect(htmlToText("<p>The <b>app</b> <a href='x'>crashed</a>.</p>")).toBe("The app crashed.");
  });

  it("drops the content of script, style and similar elements, in any case", () => {
    const html = `<p>before</p><SCRIPT type="text/javascript">alert("x</p>")</SCRIPT ><style>p{color:red}</style>
      <noscript><img src=x onerror=alert(1)></noscript><svg><text>svg text</text></svg><p>after</p>`;
    expect(htmlToText(html)).toBe("before\nafter");
  });

  it("drops an unclosed script to the end rather than showing its code", () => {
    expect(htmlToText("ok <script>steal(document.cookie)")).toBe("ok");
  });

  it("leaves no markup even from attributes holding > or quotes", () => {
    const text = htmlToText(
      `<img alt="a > b" src="x" onerror='alert(1)'>caption<a title="<script>">link</a>`,
    );
    expect(text).toBe("captionlink");
    expect(text).not.toMatch(/[<>]/);
  });

  it("decodes references once: escaped markup stays text", () => {
    expect(
      htmlToText("5 &lt; 6 &amp;&amp; &lt;b&gt;bold&lt;/b&gt; &hellip; caf&eacute; &#233;&#x1F600;"),
    ).toBe("5 < 6 && <b>bold</b> … café é😀");
  });

  it("keeps a lone < that starts no tag", () => {
    expect(htmlToText("a < b and 3<4")).toBe("a < b and 3<4");
  });

  it("turns invalid and control character references into safe characters", () => {
    expect(htmlToText("a&#0;b&#xD800;c&#x110000;d&#7;e")).toBe("a\ufffdb\ufffdc\ufffdd e");
  });

  it("makes blocks lines and collapses whitespace", () => {
    expect(htmlToText("<h1> Title </h1>\n\n<p>one\t\ttwo&nbsp;&nbsp;three</p><br/><br/><li>item</li>")).toBe(
      "Title\none two three\nitem",
    );
  });

  it("skips comments, doctypes and processing instructions", () => {
    expect(htmlToText("<!DOCTYPE html><!-- <p>hidden</p> --><?php echo 1 ?>shown")).toBe("shown");
  });

  it("leaves unknown named references as written", () => {
    expect(decodeReferences("&unknownthing; &amp;")).toBe("&unknownthing; &");
  });

  it("removes control characters when collapsing", () => {
    expect(collapseWhitespace("a\u0000b\u0007c\u009fd")).toBe("a b c d");
  });
});
