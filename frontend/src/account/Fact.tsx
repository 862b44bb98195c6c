import type { ReactNode } from 'react';

/** One term and its value in an item's list of facts (a `<dl>`): "Linked", "Last active", "IP address". */
export function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
