/** The supergraph with every `@join__graph` URL replaced; fails if a subgraph has no URL. */
export function withSubgraphUrls(supergraphSdl: string, urls: Record<string, string>): string {
  let replaced = 0;
  const rewritten = supergraphSdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (_match, name: string) => {
    if (!urls[name]) throw new Error(`no URL for subgraph ${name}`);
    replaced += 1;
    return `@join__graph(name: "${name}", url: "${urls[name]}")`;
  });
  if (!replaced) throw new Error('the supergraph has no @join__graph URLs');
  return rewritten;
}
