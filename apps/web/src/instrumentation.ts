// Runs once when a Next.js server starts, before it serves requests. Next compiles this file for the edge
// runtime too; the Node.js-only work lives in ./instrumentation-node, imported behind the NEXT_RUNTIME check
// so the edge build never sees it (Next's documented pattern; otherwise every compile warns about
// process.exit in the Edge Runtime).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { registerNode } = await import("./instrumentation-node");
    await registerNode();
  }
}
