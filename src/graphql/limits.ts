import {
  type ASTVisitor,
  type FieldNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from "graphql";

/**
 * A query-cost limit: every field costs 1, and a field with `first: N` multiplies what it
 * selects by N, so `drops(first: 100) { creator { followers(first: 100) { ... } } }` is
 * priced as the 10,000 rows it would touch. Fragments count where they are spread.
 */
export function costLimitRule(maxCost: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map(
      context
        .getDocument()
        .definitions.flatMap((d) =>
          d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [],
        ),
    );
    const costOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
      if (!set) return 0;
      let total = 0;
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) total += fieldCost(sel, seen);
        else if (sel.kind === Kind.INLINE_FRAGMENT) total += costOf(sel.selectionSet, seen);
        else if (!seen.has(sel.name.value)) {
          total += costOf(fragments.get(sel.name.value), new Set([...seen, sel.name.value]));
        }
      }
      return total;
    };
    const fieldCost = (field: FieldNode, seen: Set<string>): number => {
      const first = field.arguments?.find((a) => a.name.value === "first");
      let n = 1;
      if (first?.value.kind === Kind.INT) n = Number(first.value.value);
      else if (first?.value.kind === Kind.VARIABLE)
        n = 100; // priced at the maximum page size
      else if (
        field.selectionSet &&
        /^(drops|products|creators|followers|following|orders|notifications)$/.test(field.name.value)
      )
        n = 20;
      return 1 + Math.max(1, n) * costOf(field.selectionSet, seen);
    };
    return {
      OperationDefinition(node) {
        const cost = costOf(node.selectionSet, new Set());
        if (cost > maxCost) {
          context.reportError(
            new GraphQLError(`Query is too expensive: cost ${cost} exceeds the limit of ${maxCost}`, {
              nodes: [node],
              extensions: { code: "QUERY_TOO_COMPLEX", cost, limit: maxCost },
            }),
          );
        }
      },
    };
  };
}
