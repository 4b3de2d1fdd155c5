// Depth of a parsed JSON value, walked iteratively and abandoned as soon as it passes the limit, so a
// hostile `[[[[...]]]]` costs no stack and no more work than the limit allows.

/** True when `value` nests arrays/objects deeper than `maxDepth` (a scalar has depth 0). */
export function exceedsJsonDepth(value: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== "object" || node === null) continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Object.values(node)) {
      if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}
