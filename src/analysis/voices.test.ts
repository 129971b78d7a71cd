import { expect, it } from "vitest";
import { countVoices } from "./voices.ts";

it("counts one author posting many times as one voice", () => {
  const posts = [
    ...Array.from({ length: 50 }, (_, i) => ({ authorId: "angry", createdAt: 1000 + i })),
    { authorId: "b", createdAt: 1010 },
    { authorId: "c", createdAt: 5000 },
  ];
  expect(countVoices(posts, { from: 1000, to: 2000 })).toEqual({ posts: 51, authors: 2 });
});
